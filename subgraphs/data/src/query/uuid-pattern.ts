/** A uuid as text. Kept here rather than imported from @fedbase/db so this folder loads no database code. */
export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
