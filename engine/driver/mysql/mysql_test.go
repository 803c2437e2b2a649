package mysql

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/driver/drivertest"
)

// configFromEnv reads CASPIAN_TEST_MYSQL_URL (mysql://u:p@h:port/db).
func configFromEnv(t *testing.T) Config {
	t.Helper()
	raw := os.Getenv("CASPIAN_TEST_MYSQL_URL")
	if raw == "" {
		t.Skip("CASPIAN_TEST_MYSQL_URL is not set (eval \"$(scripts/db-up.sh)\")")
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	pw, _ := u.User.Password()
	port, _ := strconv.Atoi(u.Port())
	return Config{User: u.User.Username(), Password: pw, Host: u.Hostname(), Port: port,
		Database: strings.TrimPrefix(u.Path, "/")}
}

// openFresh opens a database of its own for the test, dropped afterwards.
func openFresh(t *testing.T) *Pool {
	cfg := configFromEnv(t)
	ctx := context.Background()
	admin, err := Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	cfg.Database = fmt.Sprintf("caspian_drv_%d", time.Now().UnixNano())
	if _, err := admin.Exec(ctx, "CREATE DATABASE `"+cfg.Database+"`", nil); err != nil {
		t.Fatal(err)
	}
	p, err := Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		p.Close()
		if admin, err := Open(ctx, configFromEnv(t)); err == nil {
			admin.Exec(ctx, "DROP DATABASE IF EXISTS `"+cfg.Database+"`", nil)
			admin.Close()
		}
	})
	return p
}

func TestSuite(t *testing.T) {
	p := openFresh(t)
	drivertest.Run(t, drivertest.Setup{
		MaxConns: 10, // the adapter's default
		OpenTxs: "SELECT COUNT(*) FROM information_schema.INNODB_TRX t JOIN information_schema.PROCESSLIST s" +
			" ON s.ID = t.trx_mysql_thread_id WHERE s.DB = DATABASE() AND s.ID <> CONNECTION_ID()",
		Pool: p,
		P:    func(int) string { return "?" },
		Q:    func(n string) string { return "`" + n + "`" },
		DDL: []string{
			"CREATE TABLE `T` (`id` INTEGER NOT NULL PRIMARY KEY, `s` VARCHAR(191), `i` INTEGER, `b` BIGINT, `f` DOUBLE," +
				" `d` DECIMAL(65,30), `ok` BOOLEAN, `at` DATETIME(3), `j` JSON, `by` LONGBLOB) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
			"CREATE TABLE `U` (`id` INTEGER NOT NULL PRIMARY KEY, `email` VARCHAR(191) NOT NULL, `name` VARCHAR(191) NOT NULL," +
				" UNIQUE INDEX `U_email_key`(`email`)) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
			"CREATE TABLE `C` (`id` INTEGER NOT NULL PRIMARY KEY, `uId` INTEGER NOT NULL," +
				" CONSTRAINT `C_uId_fkey` FOREIGN KEY (`uId`) REFERENCES `U` (`id`) ON DELETE RESTRICT ON UPDATE CASCADE)",
		},
		Sleep:        "SELECT SLEEP(1)",
		RawBoolIsInt: true,
	})
}

func TestIsolationApplied(t *testing.T) {
	p := openFresh(t)
	ctx := context.Background()
	tx, err := p.Begin(ctx, driver.TxOptions{Isolation: driver.Serializable})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	// SET TRANSACTION changes only the next transaction, so the session
	// variable does not show it; InnoDB's view of the running one does.
	if _, err := tx.Exec(ctx, "CREATE TEMPORARY TABLE `x` (`id` INT)", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "INSERT INTO `x` VALUES (1)", nil); err != nil {
		t.Fatal(err)
	}
	// INNODB_TRX shows a server-wide snapshot, refreshed only by a read that
	// comes more than 0.1 s after the previous read
	// (https://dev.mysql.com/doc/refman/8.0/en/innodb-information-schema-internal-data.html):
	// after another test's read the first one can miss this transaction.
	var rows [][]any
	for deadline := time.Now().Add(2 * time.Second); ; time.Sleep(150 * time.Millisecond) {
		_, rows, err = tx.QueryRaw(ctx, "SELECT trx_isolation_level FROM information_schema.innodb_trx WHERE trx_mysql_thread_id = CONNECTION_ID()", nil)
		if err != nil || len(rows) > 0 || time.Now().After(deadline) {
			break
		}
	}
	if err != nil || len(rows) != 1 || rows[0][0] != "SERIALIZABLE" {
		t.Errorf("isolation inside tx: %v %v", rows, err)
	}
}

func TestConnectionErrors(t *testing.T) {
	cfg := configFromEnv(t)
	cfg.Password = "wrong-secret"
	_, err := Open(context.Background(), cfg)
	var de *driver.Error
	if !errors.As(err, &de) || de.Kind != driver.KindConnection || de.Code != "1045" {
		t.Errorf("bad password: %#v", err)
	}
	if err != nil && strings.Contains(err.Error(), "wrong-secret") {
		t.Errorf("password in message: %v", err)
	}
	cfg = configFromEnv(t)
	cfg.Database = "no_such_db_here"
	_, err = Open(context.Background(), cfg)
	if !errors.As(err, &de) || de.Kind != driver.KindConnection || de.Code != "1049" {
		t.Errorf("missing database: %#v", err)
	}
	_, err = Open(context.Background(), Config{Host: "127.0.0.1", Port: 1, User: "x", ConnectTimeout: time.Second})
	if !errors.As(err, &de) || de.Kind != driver.KindConnection || de.Host != "127.0.0.1:1" {
		t.Errorf("unreachable: %#v", err)
	}
}

// TestCancelKillsServerStatement: a canceled statement stops on the server
// too (KILL CONNECTION), not only in the client.
func TestCancelKillsServerStatement(t *testing.T) {
	p := openFresh(t)
	for _, inTx := range []bool{false, true} {
		var q driver.Querier = p
		if inTx {
			tx, err := p.Begin(context.Background(), driver.TxOptions{})
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback(context.Background())
			q = tx
		}
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		_, _, err := q.QueryRaw(ctx, "SELECT SLEEP(5) AS caspian_kill_test", nil)
		cancel()
		if err == nil {
			t.Fatal("canceled statement succeeded")
		}
		deadline := time.Now().Add(2 * time.Second)
		for {
			_, rows, err := p.QueryRaw(context.Background(),
				"SELECT COUNT(*) FROM information_schema.processlist WHERE info LIKE 'SELECT SLEEP(5) AS caspian_kill_test%'", nil)
			if err != nil {
				t.Fatal(err)
			}
			if rows[0][0] == int64(0) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("inTx=%v: the statement still runs on the server", inTx)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}

// TestFoundRows: RowsAffected counts matched rows, as on the other databases.
func TestFoundRows(t *testing.T) {
	p := openFresh(t)
	ctx := context.Background()
	if _, err := p.Exec(ctx, "CREATE TABLE `a` (`id` INT PRIMARY KEY, `v` INT)", nil); err != nil {
		t.Fatal(err)
	}
	p.Exec(ctx, "INSERT INTO `a` VALUES (1, 5), (2, 5)", nil)
	res, err := p.Exec(ctx, "UPDATE `a` SET `v` = ?", []any{int64(5)})
	if err != nil || res.RowsAffected != 2 {
		t.Errorf("unchanged rows: %+v %v", res, err)
	}
}

// TestNonFiniteArgs: go-sql-driver interpolates floats as text, so NaN and
// +Inf would reach MySQL as the bare words NaN and +Inf and be read as
// column names. They are refused as out of range instead, before anything
// is sent.
func TestNonFiniteArgs(t *testing.T) {
	for _, v := range []any{math.NaN(), math.Inf(1), math.Inf(-1), float32(math.Inf(1))} {
		_, err := encodeArgs([]any{int64(1), v})
		var de *driver.Error
		if !errors.As(err, &de) || de.Kind != driver.KindValueOutOfRange || !strings.Contains(de.Message, "argument 2") {
			t.Fatalf("%v: want a value-out-of-range error naming argument 2, got %v", v, err)
		}
	}
	if _, err := encodeArgs([]any{1.5, float32(2)}); err != nil {
		t.Fatal(err)
	}
	p := openFresh(t)
	ctx := context.Background()
	_, rows, err := p.QueryRaw(ctx, "SELECT ? AS v FROM (SELECT 42 AS Inf, 43 AS NaN) t", []any{math.Inf(1)})
	var de *driver.Error
	if !errors.As(err, &de) || de.Kind != driver.KindValueOutOfRange {
		t.Fatalf("want a refusal, got rows %v, err %v", rows, err)
	}
}

// TestValueErrorKinds: values MySQL/MariaDB refuses get a neutral kind from
// the error number; a statement larger than max_allowed_packet is refused
// before sending (the server would drop the connection, which read as
// "can't reach the server") and the pool keeps working.
func TestValueErrorKinds(t *testing.T) {
	p := openFresh(t)
	ctx := context.Background()
	if _, err := p.Exec(ctx, "CREATE TABLE t (s VARCHAR(3), n INT, b LONGBLOB)", nil); err != nil {
		t.Fatal(err)
	}
	kind := func(err error) driver.Kind { return drivertest.DriverError(t, err).Kind }
	_, rows, err := p.QueryRaw(ctx, "SELECT @@max_allowed_packet", nil)
	if err != nil {
		t.Fatal(err)
	}
	limit, _ := strconv.Atoi(fmt.Sprint(rows[0][0]))
	for _, c := range []struct {
		sql  string
		args []any
		want driver.Kind
	}{
		{"INSERT INTO t (s) VALUES (?)", []any{"abcd"}, driver.KindValueTooLong},            // 1406
		{"INSERT INTO t (n) VALUES (?)", []any{int64(1) << 40}, driver.KindValueOutOfRange}, // 1264
		{"INSERT INTO t (b) VALUES (?)", []any{make([]byte, limit+1)}, driver.KindTooLarge},
	} {
		_, err := p.Exec(ctx, c.sql, c.args)
		if got := kind(err); got != c.want {
			t.Errorf("%s: kind %d, want %d (%#v)", c.sql, got, c.want, err)
		}
	}
	if _, err := p.Exec(ctx, "INSERT INTO t (n) VALUES (1)", nil); err != nil {
		t.Fatalf("the pool broke: %v", err)
	}
}

// TestRawBooleans: query_raw returns a TINYINT(1) column (Prisma's Boolean)
// as bools, in queries and in transactions, and other TINYINTs as numbers.
func TestRawBooleans(t *testing.T) {
	p := openFresh(t)
	ctx := context.Background()
	if _, err := p.Exec(ctx, "CREATE TABLE `b` (`id` INT PRIMARY KEY, `ok` BOOLEAN NULL, `small` TINYINT, `flag` TINYINT(1) NOT NULL)", nil); err != nil {
		t.Fatal(err)
	}
	p.Exec(ctx, "INSERT INTO `b` VALUES (1, TRUE, 7, 0), (2, NULL, 1, 1)", nil)
	want := [][]any{{true, int64(7), false}, {nil, int64(1), true}}
	check := func(what string, cols []string, rows [][]any, err error) {
		t.Helper()
		if err != nil || fmt.Sprint(cols) != "[ok small flag]" || fmt.Sprintf("%#v", rows) != fmt.Sprintf("%#v", want) {
			t.Errorf("%s: %v %#v %v; want %#v", what, cols, rows, err, want)
		}
	}
	cols, rows, err := p.QueryRaw(ctx, "SELECT `ok`, `small`, `flag` FROM `b` ORDER BY `id`", nil)
	check("query", cols, rows, err)
	cols, rows, err = p.QueryRaw(ctx, "SELECT `ok`, `small`, `flag` FROM `b` WHERE `id` > ? ORDER BY `id`", []any{int64(0)})
	check("with an argument", cols, rows, err)
	tx, err := p.Begin(ctx, driver.TxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	cols, rows, err = tx.QueryRaw(ctx, "SELECT `ok`, `small`, `flag` FROM `b` ORDER BY `id`", nil)
	check("in a transaction", cols, rows, err)
}
