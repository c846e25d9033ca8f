-- CreateTable
CREATE TABLE "data"."outbox" (
    "id" BIGSERIAL NOT NULL,
    "project_id" UUID NOT NULL,
    "topic" TEXT NOT NULL,
    "aggregate_id" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "outbox_published_at_id_idx" ON "data"."outbox"("published_at", "id");

-- CreateIndex
CREATE INDEX "documents_data_idx" ON "data"."documents" USING GIN ("data" jsonb_path_ops);
