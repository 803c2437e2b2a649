INSERT INTO "Account" ("email") VALUES ('a');
INSERT INTO "Audit" ("accountId", "last") VALUES (1, 'a');
