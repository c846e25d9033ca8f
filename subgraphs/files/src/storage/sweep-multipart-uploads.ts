import { ListMultipartUploadsCommand, type S3Client } from '@aws-sdk/client-s3';
import { abortMultipartUpload } from './abort-multipart-upload.ts';

/**
 * Aborts the multipart uploads of `bucket` initiated more than `olderThanMs` ago (by S3's clock,
 * which only matters for thresholds near the clock skew) and returns how many it aborted. These
 * are the S3 store's unfinished writes: its objects only exist once an upload completes.
 */
export async function sweepMultipartUploads(client: S3Client, bucket: string, olderThanMs: number): Promise<number> {
  const cutoff = Date.now() - olderThanMs;
  let aborted = 0;
  let keyMarker: string | undefined;
  let uploadIdMarker: string | undefined;
  for (;;) {
    const page = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }));
    for (const { Key: key, UploadId: uploadId, Initiated: initiated } of page.Uploads ?? []) {
      if (!key || !uploadId || !initiated || initiated.getTime() >= cutoff) continue;
      if (await abortMultipartUpload(client, { bucket, key, uploadId })) aborted += 1;
    }
    // The markers say where the listing stopped, so aborting what it listed does not shift the next page.
    if (!page.IsTruncated) return aborted;
    keyMarker = page.NextKeyMarker;
    uploadIdMarker = page.NextUploadIdMarker;
  }
}
