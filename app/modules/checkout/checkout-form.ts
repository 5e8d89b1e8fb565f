import { z } from "zod";
import { DELIVERY_RULES } from "../../lib/constants";
import { emailAddress, personName, phoneNumber, postalAddress } from "../../lib/form-fields";
import { formatMoney } from "../../lib/money";
import { CONTROL_CHARACTER_MESSAGE, SINGLE_LINE_TEXT } from "../../lib/plain-text";
import { deliversTo, type Slot } from "./slots";

/** The fields as the browser sends them; shared with the page for native constraints. */
export const CheckoutFields = z.object({
  name: personName,
  email: emailAddress,
  phone: phoneNumber.optional(),
  fulfilment: z.enum(["collection", "delivery"], { message: "Choose collection or delivery" }),
  collectionSlot: z.string().regex(SINGLE_LINE_TEXT, CONTROL_CHARACTER_MESSAGE).optional(),
  deliveryDate: z.string().regex(SINGLE_LINE_TEXT, CONTROL_CHARACTER_MESSAGE).optional(),
  address: postalAddress.optional(),
  postcode: z
    .string()
    .trim()
    .max(10, "Enter a UK postcode")
    .regex(SINGLE_LINE_TEXT, CONTROL_CHARACTER_MESSAGE)
    .optional(),
  /** Ticked: subscribe to the newsletter once the order is paid (decision 031). */
  newsletter: z.literal("on").optional(),
});

/** What refuses delivery for a basket under the minimum (the page says it before, too). */
export const deliveryMinimumMessage = `Delivery needs an order of at least ${formatMoney(DELIVERY_RULES.minimumOrderPence)}; collection has no minimum.`;

/**
 * Adds the checks that depend on today's slots, with each error on the field it is about. The page
 * checks with the slots it offers and the basket's subtotal, so the browser catches everything the
 * server would in one round; the server checks the subtotal against the basket itself (checkout).
 */
export function checkoutSchema(
  collection: Pick<Slot, "date" | "time">[],
  delivery: Pick<Slot, "date">[],
  subtotalPence?: number,
) {
  // `when: () => true` runs these checks even while other fields are still wrong, so the shopper
  // sees every problem at once; the value may then be partly invalid, hence the guard.
  return CheckoutFields.superRefine(
    (value, ctx) => {
      if (value.fulfilment !== "collection" && value.fulfilment !== "delivery") return;
      if (value.fulfilment === "collection") {
        if (!collection.some((s) => `${s.date}T${s.time}` === value.collectionSlot)) {
          ctx.addIssue({ code: "custom", path: ["collectionSlot"], message: "Choose a collection time" });
        }
        return;
      }
      if (subtotalPence !== undefined && subtotalPence < DELIVERY_RULES.minimumOrderPence) {
        ctx.addIssue({ code: "custom", path: ["fulfilment"], message: deliveryMinimumMessage });
      }
      if (!delivery.some((s) => s.date === value.deliveryDate)) {
        ctx.addIssue({ code: "custom", path: ["deliveryDate"], message: "Choose a delivery day" });
      }
      if (!value.address) ctx.addIssue({ code: "custom", path: ["address"], message: "Enter the delivery address" });
      if (!value.postcode) {
        ctx.addIssue({ code: "custom", path: ["postcode"], message: "Enter the delivery postcode" });
      } else if (!deliversTo(value.postcode)) {
        ctx.addIssue({
          code: "custom",
          path: ["postcode"],
          message: "Sorry, we don't deliver there yet: choose collection",
        });
      }
    },
    { when: () => true },
  );
}
