import { describe, expect, it } from "vitest";
import { clientIp } from "../../app/modules/rate-limit/rate-limit.server";

const from = (address?: string) =>
  clientIp(new Request("https://shop.test/", { headers: address ? { "CF-Connecting-IP": address } : {} }));

describe("clientIp: the one place a client's address is read", () => {
  it("keeps IPv4 as it is and reads IPv4-mapped IPv6 as IPv4", () => {
    expect(from("203.0.113.9")).toBe("203.0.113.9");
    expect(from("::ffff:203.0.113.9")).toBe("203.0.113.9");
  });

  it("keys IPv6 by its /64, however the address is written", () => {
    expect(from("2001:db8:1:2:3:4:5:6")).toBe("2001:db8:1:2::/64");
    expect(from("2001:0db8:0001:0002:ffff::1")).toBe("2001:db8:1:2::/64");
    expect(from("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(from("2001:DB8::abcd")).toBe("2001:db8:0:0::/64");
    expect(from("::1")).toBe("0:0:0:0::/64");
  });

  it("has one key for local development, where there is no address", () => {
    expect(from()).toBe("local");
  });
});
