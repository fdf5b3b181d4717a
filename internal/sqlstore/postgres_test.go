package sqlstore_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"sync"
	"testing"
)

// postgresEnv names the variable holding an admin URL of a PostgreSQL server
// the tests may create and drop databases on.
const postgresEnv = "FANBASE_TEST_POSTGRES"

// testDB is the database fanbase_test_<random> this test binary creates on
// first use and drops when it ends. Each test gets a fresh schema in it:
// CREATE DATABASE costs seconds on a busy disk, CREATE SCHEMA nothing.
var testDB struct {
	once      sync.Once
	admin     string
	name, url string
	err       error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if err := dropTestDatabase(); err != nil {
		fmt.Fprintln(os.Stderr, "sqlstore tests:", err)
		code = 1
	}
	os.Exit(code)
}

func skipWithoutPostgres(t testing.TB) {
	t.Helper()
	if os.Getenv(postgresEnv) == "" {
		t.Skipf("%s is not set: skipping PostgreSQL (e.g. %s='postgres://postgres@127.0.0.1:55432/postgres?sslmode=disable', see scripts/postgres.sh)",
			postgresEnv, postgresEnv)
	}
}

// freshPostgres returns the URL of a new, empty schema in the test database;
// the schema is dropped when the test ends (after the store is closed).
func freshPostgres(t testing.TB) string {
	t.Helper()
	skipWithoutPostgres(t)
	dbURL, err := testDatabase()
	if err != nil {
		t.Fatalf("test database: %v", err)
	}
	name := "s_" + randomHex()
	if err := execAt(dbURL, `CREATE SCHEMA `+name); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if err := execAt(dbURL, `DROP SCHEMA `+name+` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", name, err)
		}
	})
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatalf("parse %s: %v", dbURL, err)
	}
	q := u.Query()
	q.Set("search_path", name) // the store's unqualified tables land in the schema
	u.RawQuery = q.Encode()
	return u.String()
}

func testDatabase() (string, error) {
	testDB.once.Do(func() {
		testDB.admin = os.Getenv(postgresEnv)
		u, err := url.Parse(testDB.admin)
		if err != nil {
			testDB.err = fmt.Errorf("parse %s: %w", postgresEnv, err)
			return
		}
		testDB.name = "fanbase_test_" + randomHex()
		if testDB.err = execAt(testDB.admin, `CREATE DATABASE `+testDB.name); testDB.err != nil {
			testDB.name = ""
			return
		}
		u.Path = "/" + testDB.name
		testDB.url = u.String()
	})
	return testDB.url, testDB.err
}

func dropTestDatabase() error {
	if testDB.name == "" {
		return nil
	}
	if err := execAt(testDB.admin, `DROP DATABASE IF EXISTS `+testDB.name+` WITH (FORCE)`); err != nil {
		return fmt.Errorf("drop database %s: %w", testDB.name, err)
	}
	return nil
}

// execAt runs one statement on its own short-lived connection.
func execAt(dbURL, stmt string) error {
	raw, err := sql.Open("pgx", dbURL)
	if err != nil {
		return err
	}
	defer raw.Close()
	_, err = raw.ExecContext(context.Background(), stmt)
	return err
}

func randomHex() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}
