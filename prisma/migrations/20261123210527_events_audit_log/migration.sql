-- CreateTable
CREATE TABLE "events"."audit_log" (
    "id" BIGSERIAL NOT NULL,
    "project_id" UUID NOT NULL,
    "seq" BIGINT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor" JSONB NOT NULL,
    "action" TEXT NOT NULL,
    "target" JSONB NOT NULL,
    "details" JSONB NOT NULL,
    "source" TEXT NOT NULL,
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "audit_log_project_id_seq_key" ON "events"."audit_log"("project_id", "seq");
