-- AlterTable
CREATE SEQUENCE "auth".group_id_seq;
ALTER TABLE "auth"."Group" ALTER COLUMN "id" SET DEFAULT nextval('"auth".group_id_seq');
ALTER SEQUENCE "auth".group_id_seq OWNED BY "auth"."Group"."id";
