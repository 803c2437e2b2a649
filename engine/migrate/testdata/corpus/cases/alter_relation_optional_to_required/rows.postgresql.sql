INSERT INTO "Author" ("id", "name") VALUES (1, 'a');
INSERT INTO "Book" ("title") VALUES ('a');
INSERT INTO "Tag" ("name") VALUES ('a');
