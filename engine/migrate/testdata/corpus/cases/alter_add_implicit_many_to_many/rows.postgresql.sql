INSERT INTO "Author" ("name") VALUES ('a');
INSERT INTO "Book" ("title") VALUES ('a');
INSERT INTO "Tag" ("name") VALUES ('a');
