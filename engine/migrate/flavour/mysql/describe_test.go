package mysql_test

import (
	"context"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate/flavour/flavourtest"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/flavour/mysql"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
)

// extra is DDL beyond our Prisma-style scripts: things Describe must leave
// out (a view, the migration table, the index InnoDB adds for a foreign
// key) and spellings the scripts do not show.
const extra = "CREATE VIEW `AccountEmails` AS SELECT `id`, `email` FROM `Account`;\n" +
	"CREATE TABLE `_prisma_migrations` (\n" +
	"    `id` VARCHAR(36) PRIMARY KEY NOT NULL,\n" +
	"    `started_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)\n" +
	") DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n" +
	"CREATE TABLE `Odd` (\n" +
	"    `id` INT UNSIGNED NOT NULL AUTO_INCREMENT,\n" +
	"    `neg` INTEGER NOT NULL DEFAULT -1,\n" +
	"    `dec` DECIMAL(10, 4) NOT NULL DEFAULT 1.5,\n" +
	"    `whole` DECIMAL(10, 2) NULL DEFAULT 7,\n" +
	"    `quoted` VARCHAR(20) NOT NULL DEFAULT 'it''s',\n" +
	"    `nullText` VARCHAR(20) NULL DEFAULT 'NULL',\n" +
	"    `off` BOOLEAN NOT NULL DEFAULT false,\n" +
	"    `at` DATETIME NULL DEFAULT CURRENT_TIMESTAMP,\n" +
	"    `at6` TIMESTAMP(6) NULL DEFAULT CURRENT_TIMESTAMP(6),\n" +
	"    `uid` VARCHAR(36) NULL DEFAULT (uuid()),\n" +
	"    `tiny` TINYINT NULL,\n" +
	"    `small` SMALLINT UNSIGNED NULL,\n" +
	"    `medium` MEDIUMINT NULL,\n" +
	"    `ubig` BIGINT UNSIGNED NULL,\n" +
	"    `y` YEAR NULL,\n" +
	"    `f` FLOAT NULL,\n" +
	"    `t` TIME(3) NULL,\n" +
	"    `d` DATE NULL,\n" +
	"    `c` CHAR(2) NULL,\n" +
	"    `body` MEDIUMTEXT NULL,\n" +
	"    `bin` VARBINARY(16) NULL,\n" +
	"    `bits` BIT(3) NULL,\n" +
	"    `mood` ENUM('it''s', 'b,c') NULL DEFAULT 'b,c',\n" +
	"    `doc` JSON NULL,\n" +
	"    `accountId` INTEGER NULL,\n" +
	"    FULLTEXT INDEX `Odd_body_idx`(`body`),\n" +
	"    INDEX `Odd_neg_dec_idx`(`neg` DESC, `dec`),\n" +
	"    PRIMARY KEY (`id`)\n" +
	") DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n" +
	"ALTER TABLE `Odd` ADD CONSTRAINT `Odd_accountId_fkey` FOREIGN KEY (`accountId`) REFERENCES `Account`(`id`) ON DELETE SET NULL ON UPDATE RESTRICT;\n"

func TestDescribe(t *testing.T) {
	cases := []struct {
		name   string
		files  []string
		script string
	}{
		{name: "basic", files: []string{"basic.from-empty.mysql.sql"}},
		{name: "types", files: []string{"types.from-empty.mysql.sql"}},
		{name: "relations", files: []string{"relations.from-empty.mysql.sql"}, script: extra},
		{name: "features", files: []string{"features.from-empty.mysql.sql"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pool := flavourtest.Fresh(t, "mysql")
			for _, f := range c.files {
				flavourtest.ExecFile(t, pool, flavourtest.OracleSQL(f))
			}
			flavourtest.Exec(t, pool, c.script)
			s, err := mysql.Flavour{}.Describe(context.Background(), pool, "")
			if err != nil {
				t.Fatal(err)
			}
			flavourtest.Golden(t, c.name, s)
		})
	}
}

func TestDescribeEmpty(t *testing.T) {
	pool := flavourtest.Fresh(t, "mysql")
	s, err := mysql.Flavour{}.Describe(context.Background(), pool, "")
	if err != nil {
		t.Fatal(err)
	}
	if !s.Empty() {
		t.Fatalf("empty database described as %+v", s)
	}
}

func TestColumnType(t *testing.T) {
	cases := []struct {
		in, typ string
		fam     sqlschema.Family
	}{
		{"int(11)", "INTEGER", sqlschema.Int},
		{"int", "INTEGER", sqlschema.Int},
		{"int(10) unsigned", "INT UNSIGNED", sqlschema.Int},
		{"int unsigned", "INT UNSIGNED", sqlschema.Int},
		{"tinyint(1)", "BOOLEAN", sqlschema.Boolean},
		{"tinyint(4)", "TINYINT", sqlschema.Int},
		{"tinyint(3) unsigned", "TINYINT UNSIGNED", sqlschema.Int},
		{"bigint(20)", "BIGINT", sqlschema.BigInt},
		{"bigint unsigned", "BIGINT UNSIGNED", sqlschema.BigInt},
		{"smallint(6)", "SMALLINT", sqlschema.Int},
		{"mediumint(9)", "MEDIUMINT", sqlschema.Int},
		{"varchar(191)", "VARCHAR(191)", sqlschema.String},
		{"decimal(65,30)", "DECIMAL(65, 30)", sqlschema.Decimal},
		{"datetime(3)", "DATETIME(3)", sqlschema.DateTime},
		{"enum('A','B')", "ENUM('A', 'B')", sqlschema.EnumFamily},
		{"enum('it''s','b,c')", "ENUM('it''s', 'b,c')", sqlschema.EnumFamily},
		{"longblob", "LONGBLOB", sqlschema.Bytes},
		{"json", "JSON", sqlschema.JSON},
		{"double", "DOUBLE", sqlschema.Float},
		{"year(4)", "YEAR", sqlschema.Int},
		{"bit(1)", "BIT(1)", sqlschema.Boolean},
		{"geometry", "GEOMETRY", sqlschema.Unsupported},
	}
	for _, c := range cases {
		typ, fam := mysql.ColumnTypeOf(c.in)
		if typ != c.typ || fam != c.fam {
			t.Errorf("%s: got %s %s, want %s %s", c.in, typ, flavourtest.FamilyName(fam), c.typ, flavourtest.FamilyName(c.fam))
		}
	}
}

// TestDescribeDefaults covers MySQL 8's spellings, which the MariaDB test
// server does not produce.
func TestDescribeDefaults(t *testing.T) {
	col := func(typ string, fam sqlschema.Family) *sqlschema.Column {
		return &sqlschema.Column{Type: typ, Family: fam}
	}
	cases := []struct {
		c       *sqlschema.Column
		v       string
		extra   string
		mariadb bool
		want    *sqlschema.Default
	}{
		{col("VARCHAR(191)", sqlschema.String), "hello", "", false, &sqlschema.Default{SQL: "'hello'"}},
		{col("VARCHAR(191)", sqlschema.String), "it's", "", false, &sqlschema.Default{SQL: "'it''s'"}},
		{col("VARCHAR(191)", sqlschema.String), "NULL", "", false, &sqlschema.Default{SQL: "'NULL'"}},
		{col("ENUM('A', 'B')", sqlschema.EnumFamily), "A", "", false, &sqlschema.Default{SQL: "'A'"}},
		{col("BOOLEAN", sqlschema.Boolean), "1", "", false, &sqlschema.Default{SQL: "true"}},
		{col("DECIMAL(65, 30)", sqlschema.Decimal), "1.250000000000000000000000000000", "", false, &sqlschema.Default{SQL: "1.25"}},
		{col("DECIMAL(10, 2)", sqlschema.Decimal), "7.00", "", false, &sqlschema.Default{SQL: "7"}},
		{col("DATETIME(3)", sqlschema.DateTime), "CURRENT_TIMESTAMP(3)", "default_generated", false, &sqlschema.Default{Kind: sqlschema.DefaultNow, SQL: "CURRENT_TIMESTAMP(3)"}},
		{col("DATETIME(3)", sqlschema.DateTime), "2020-01-01 00:00:00.000", "", false, &sqlschema.Default{SQL: "'2020-01-01 00:00:00.000'"}},
		{col("VARCHAR(36)", sqlschema.String), "uuid()", "default_generated", false, &sqlschema.Default{Kind: sqlschema.DefaultExpr, SQL: "uuid()"}},
		{col("VARCHAR(191)", sqlschema.String), "NULL", "", true, nil},
		{col("VARCHAR(191)", sqlschema.String), "'NULL'", "", true, &sqlschema.Default{SQL: "'NULL'"}},
		{col("DATETIME", sqlschema.DateTime), "current_timestamp()", "", true, &sqlschema.Default{Kind: sqlschema.DefaultNow, SQL: "CURRENT_TIMESTAMP(0)"}},
		{col("DOUBLE", sqlschema.Float), "-1.5", "", true, &sqlschema.Default{SQL: "-1.5"}},
		{col("INTEGER", sqlschema.Int), "42", "", true, &sqlschema.Default{SQL: "42"}},
	}
	for _, c := range cases {
		got := mysql.DescribeDefault(c.v, c.c, c.extra, c.mariadb)
		if (got == nil) != (c.want == nil) || got != nil && *got != *c.want {
			t.Errorf("%q (mariadb %v): got %+v, want %+v", c.v, c.mariadb, got, c.want)
		}
	}
}
