INSERT INTO "Customer" ("id", "name", "bio", "balance", "rating", "joined", "ref", "score") VALUES (1, 'a', 'a', 1, 1, '2024-01-01 00:00:00', 'a', 1);
INSERT INTO "Order" ("customerId") VALUES (1);
