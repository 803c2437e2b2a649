INSERT INTO "Owner" ("id", "name") VALUES (1, 'a');
INSERT INTO "Item" ("code", "qty", "price", "active", "created", "ownerId") VALUES ('a', 1, 1, true, 'a', 1);
