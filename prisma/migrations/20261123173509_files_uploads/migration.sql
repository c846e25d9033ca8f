-- DropIndex
DROP INDEX "files"."files_bucket_id_idx";

-- AlterTable
ALTER TABLE "files"."files" ADD COLUMN     "expires_at" TIMESTAMPTZ(3),
ADD COLUMN     "upload_claimed_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "files"."outbox" (
    "id" BIGSERIAL NOT NULL,
    "project_id" UUID NOT NULL,
    "topic" TEXT NOT NULL,
    "aggregate_id" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),
    "forwarded_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "files"."pending_deletions" (
    "storage_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pending_deletions_pkey" PRIMARY KEY ("storage_key")
);

-- CreateTable
CREATE TABLE "files"."egress" (
    "project_id" UUID NOT NULL,
    "period" TEXT NOT NULL,
    "bytes" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "egress_pkey" PRIMARY KEY ("project_id","period")
);

-- CreateIndex
CREATE INDEX "outbox_published_at_id_idx" ON "files"."outbox"("published_at", "id");

-- CreateIndex
CREATE INDEX "outbox_forwarded_at_id_idx" ON "files"."outbox"("forwarded_at", "id");

-- CreateIndex
CREATE INDEX "files_bucket_id_status_created_at_id_idx" ON "files"."files"("bucket_id", "status", "created_at", "id");

-- CreateIndex
CREATE INDEX "files_status_expires_at_idx" ON "files"."files"("status", "expires_at");
