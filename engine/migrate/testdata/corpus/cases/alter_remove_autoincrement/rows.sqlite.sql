INSERT INTO "Group" ("id") VALUES (1);
INSERT INTO "Membership" ("userId", "groupId") VALUES (1, 1);
