import { AbortMultipartUploadCommand, S3ServiceException, type S3Client } from '@aws-sdk/client-s3';

export interface MultipartUploadRef {
  bucket: string;
  key: string;
  uploadId: string;
}

/**
 * Aborts a multipart upload so that S3 drops its parts (which are billed until then). Returns
 * false when the upload is already gone, aborted or completed by someone else.
 */
export async function abortMultipartUpload(client: S3Client, { bucket, key, uploadId }: MultipartUploadRef): Promise<boolean> {
  try {
    await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
    return true;
  } catch (error) {
    if (error instanceof S3ServiceException && error.name === 'NoSuchUpload') return false;
    throw error;
  }
}
