import { CreateBucketCommand, HeadBucketCommand, S3ServiceException, type S3Client } from '@aws-sdk/client-s3';

const isNamed = (error: unknown, ...names: string[]) => error instanceof S3ServiceException && names.includes(error.name);

/**
 * Creates `bucket` unless it exists. Created without a location constraint, as S3-compatible stores
 * expect; on AWS outside us-east-1 create the bucket beforehand (this then only checks it).
 */
export async function ensureBucket(client: S3Client, bucket: string): Promise<void> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
    return;
  } catch (error) {
    if (!isNamed(error, 'NotFound', 'NoSuchBucket')) throw error;
  }
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    // Another instance starting at the same moment created it first.
    if (!isNamed(error, 'BucketAlreadyOwnedByYou')) throw error;
  }
}
