INSERT INTO "User" ("id", "email", "age") VALUES (1, 'a', 1);
INSERT INTO "Post" ("title", "authorId") VALUES ('a', 1);
