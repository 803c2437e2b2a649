-- RedefineIndex
DROP INDEX "User_email_key";
CREATE UNIQUE INDEX "user_email_uq" ON "User"("email");
