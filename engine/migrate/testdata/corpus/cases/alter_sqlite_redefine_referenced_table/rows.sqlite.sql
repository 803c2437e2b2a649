INSERT INTO "Owner" ("id", "name") VALUES (1, 'a');
INSERT INTO "Item" ("code", "qty", "price", "active", "created", "at", "ownerId") VALUES ('a', 1, 1, true, 'a', '2024-01-01 00:00:00', 1);
