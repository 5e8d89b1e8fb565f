import { useState } from "react";
import { ACCEPTED_IMAGE_TYPES } from "../../lib/constants";
import { useHydrated } from "../use-hydrated";

type State =
  | { step: "idle" }
  | { step: "uploading"; percent: number }
  | { step: "done"; uploadId: string; name: string }
  | { step: "failed"; message: string };

/** PUTs the file to the signed URL with XMLHttpRequest, the one browser API that reports upload progress. */
function putWithProgress(
  signed: { url: string; headers: Record<string, string> },
  file: File,
  onProgress: (percent: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("PUT", signed.url);
    // The headers the signature covers (the type asked for); the browser sends the exact length itself.
    for (const [name, value] of Object.entries(signed.headers)) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    request.onload = () =>
      request.status < 300 ? resolve() : reject(new Error(request.responseText || `HTTP ${request.status}`));
    request.onerror = () => reject(new Error("The upload was interrupted. Please try again."));
    request.send(file);
  });
}

/**
 * The image file input. Without JavaScript it is a plain file field and the file goes with the
 * form through the Worker. With JavaScript the browser asks for a signed upload, sends the file
 * straight to storage with a progress bar, and the form then carries only the upload's id.
 */
export function ImageUploadField({ error }: { error?: string }) {
  const hydrated = useHydrated();
  const [state, setState] = useState<State>({ step: "idle" });
  const accept = ACCEPTED_IMAGE_TYPES.join(",");

  async function upload(file: File) {
    setState({ step: "uploading", percent: 0 });
    try {
      const response = await fetch("/admin/uploads", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ contentType: file.type, size: file.size }),
      });
      const answer = (await response.json()) as {
        uploadId?: string;
        url?: string;
        headers?: Record<string, string>;
        error?: string;
      };
      if (!response.ok || !answer.uploadId || !answer.url)
        throw new Error(answer.error ?? "The upload could not start.");
      const signed = { url: answer.url, headers: answer.headers ?? {} };
      await putWithProgress(signed, file, (percent) => setState({ step: "uploading", percent }));
      setState({ step: "done", uploadId: answer.uploadId, name: file.name });
    } catch (caught) {
      setState({ step: "failed", message: caught instanceof Error ? caught.message : String(caught) });
    }
  }

  const message = state.step === "failed" ? state.message : error;
  return (
    <div>
      <label htmlFor="image-file" className="font-medium">
        Image <span className="font-normal text-stone-700">(JPEG, PNG, WebP or AVIF, up to 10 MB)</span>
      </label>
      <input
        id="image-file"
        type="file"
        accept={accept}
        required
        // Named only without JavaScript: with it, the file has already gone to storage.
        name={hydrated ? undefined : "file"}
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          if (file) void upload(file);
        }}
        aria-describedby={message ? "image-file-error" : undefined}
        className="mt-1 block w-full"
      />
      {state.step === "uploading" ? (
        <label className="mt-2 block text-sm">
          Uploading…
          <progress value={state.percent} max={100} className="ml-2 align-middle">{`${state.percent}%`}</progress>
        </label>
      ) : null}
      {state.step === "done" ? (
        <>
          <input type="hidden" name="uploadId" value={state.uploadId} />
          <p role="status" className="mt-2 text-sm text-green-900">{`Uploaded ${state.name}.`}</p>
        </>
      ) : null}
      {message ? (
        <p id="image-file-error" role="alert" className="mt-1 text-sm font-semibold text-red-800">
          {message}
        </p>
      ) : null}
    </div>
  );
}
