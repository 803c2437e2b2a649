INSERT INTO "Author" ("name") VALUES ('a');
INSERT INTO "Book" ("id", "title") VALUES (1, 'a');
INSERT INTO "Tag" ("id", "name") VALUES (1, 'a');
INSERT INTO "_BookToTag" ("A", "B") VALUES (1, 1);
