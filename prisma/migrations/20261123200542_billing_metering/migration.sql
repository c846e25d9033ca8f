-- AlterTable
ALTER TABLE "billing"."project_plans" ADD COLUMN     "spend_alert_percent" INTEGER;

-- CreateTable
CREATE TABLE "billing"."usage_counters" (
    "project_id" UUID NOT NULL,
    "period" CHAR(7) NOT NULL,
    "metric" TEXT NOT NULL,
    "quantity" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "usage_counters_pkey" PRIMARY KEY ("project_id","period","metric")
);

-- CreateTable
CREATE TABLE "billing"."operation_counts" (
    "project_id" UUID NOT NULL,
    "period" CHAR(7) NOT NULL,
    "operation" TEXT NOT NULL,
    "requests" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "operation_counts_pkey" PRIMARY KEY ("project_id","period","operation")
);

-- CreateTable
CREATE TABLE "billing"."metering_batches" (
    "batch_id" UUID NOT NULL,
    "source" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "metering_batches_pkey" PRIMARY KEY ("batch_id")
);

-- CreateTable
CREATE TABLE "billing"."spend_alerts" (
    "project_id" UUID NOT NULL,
    "period" CHAR(7) NOT NULL,
    "metric" TEXT NOT NULL,
    "percent" INTEGER NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "spend_alerts_pkey" PRIMARY KEY ("project_id","period","metric")
);

-- CreateTable
CREATE TABLE "billing"."outbox" (
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

-- CreateIndex
CREATE INDEX "metering_batches_received_at_idx" ON "billing"."metering_batches"("received_at");

-- CreateIndex
CREATE INDEX "outbox_published_at_id_idx" ON "billing"."outbox"("published_at", "id");

-- CreateIndex
CREATE INDEX "outbox_forwarded_at_id_idx" ON "billing"."outbox"("forwarded_at", "id");
