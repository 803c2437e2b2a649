-- AlterEnum
ALTER TYPE "Status" ADD VALUE 'DELETED';
