-- CreateEnum
CREATE TYPE "events"."DeliveryOutcome" AS ENUM ('SUCCEEDED', 'FAILED', 'DEAD');

-- CreateTable
CREATE TABLE "events"."delivery_attempts" (
    "id" UUID NOT NULL,
    "delivery_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "webhook_id" UUID NOT NULL,
    "attempted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" "events"."DeliveryOutcome" NOT NULL,
    "status_code" INTEGER,
    "error" TEXT,
    "duration_ms" INTEGER,

    CONSTRAINT "delivery_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "delivery_attempts_attempted_at_idx" ON "events"."delivery_attempts"("attempted_at");

-- CreateIndex
CREATE INDEX "delivery_attempts_delivery_id_attempted_at_idx" ON "events"."delivery_attempts"("delivery_id", "attempted_at");

-- AddForeignKey
ALTER TABLE "events"."delivery_attempts" ADD CONSTRAINT "delivery_attempts_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "events"."deliveries"("id") ON DELETE CASCADE ON UPDATE CASCADE;
