// Command schema_parse times parsing and validating a generated 500-model
// schema (target: under 50 ms, since every ppy command and every engine
// Open parse the whole schema before doing anything else):
//
//	go run ./bench/schema_parse [-models 500] [-runs 21] [-provider postgresql]
//
// The schema is realistic rather than minimal: every model has scalar
// fields of each type, a few with native types and defaults, an enum field,
// a to-one relation to the previous model (so every model is also on the
// "many" side of one), a self relation every tenth model, an implicit
// many-to-many every seventh, compound uniques and indexes. It prints the
// median, the fastest and the slowest run.
package main

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/caspian-prisma/caspian-prisma/schema"
)

func main() {
	models := flag.Int("models", 500, "number of models")
	runs := flag.Int("runs", 21, "timed runs (the median is reported)")
	provider := flag.String("provider", "postgresql", "datasource provider")
	dump := flag.Bool("dump", false, "print the generated schema and exit")
	flag.Parse()
	src := generate(*models, *provider)
	if *dump {
		fmt.Print(src)
		return
	}
	// One untimed run warms the allocator and checks the schema is valid.
	if _, err := schema.Parse(src, "schema.prisma"); err != nil {
		fmt.Fprintln(os.Stderr, "generated schema is invalid:", err)
		os.Exit(1)
	}
	times := make([]time.Duration, *runs)
	for i := range times {
		start := time.Now()
		if _, err := schema.Parse(src, "schema.prisma"); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		times[i] = time.Since(start)
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	fmt.Printf("schema_parse: %d models, %d lines, %d KiB (%s): median %.2f ms, min %.2f ms, max %.2f ms over %d runs\n",
		*models, strings.Count(src, "\n"), len(src)/1024, *provider,
		ms(times[len(times)/2]), ms(times[0]), ms(times[len(times)-1]), *runs)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func generate(n int, provider string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "generator client {\n  provider = \"caspian-prisma\"\n}\n\ndatasource db {\n  provider = %q\n}\n\n", provider)
	for e := 0; e < 10; e++ {
		fmt.Fprintf(&b, "/// Status values of group %d.\nenum Status%d {\n  ACTIVE\n  PAUSED @map(\"paused\")\n  ARCHIVED\n\n  @@map(\"status_%d\")\n}\n\n", e, e, e)
	}
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("Model%d", i)
		fmt.Fprintf(&b, "/// %s is generated model number %d.\nmodel %s {\n", name, i, name)
		b.WriteString("  id          Int       @id @default(autoincrement())\n")
		b.WriteString("  uuid        String    @unique @default(uuid())\n")
		b.WriteString("  title       String    @db.VarChar(200)\n")
		b.WriteString("  body        String?\n")
		b.WriteString("  slug        String    @map(\"slug_text\")\n")
		b.WriteString("  count       Int       @default(0)\n")
		b.WriteString("  big         BigInt?\n")
		b.WriteString("  ratio       Float     @default(1.5)\n")
		b.WriteString("  price       Decimal   @default(\"9.99\") @db.Decimal(10, 2)\n")
		b.WriteString("  flag        Boolean   @default(false)\n")
		b.WriteString("  meta        Json?\n")
		b.WriteString("  blob        Bytes?\n")
		fmt.Fprintf(&b, "  status      Status%d  @default(ACTIVE)\n", i%10)
		b.WriteString("  createdAt   DateTime  @default(now())\n")
		b.WriteString("  updatedAt   DateTime  @updatedAt\n")
		if i > 0 {
			fmt.Fprintf(&b, "  parentId    Int\n  parent      Model%d @relation(fields: [parentId], references: [id], onDelete: Cascade)\n", i-1)
		}
		if i+1 < n {
			fmt.Fprintf(&b, "  children    Model%d[]\n", i+1)
		}
		if i%10 == 0 {
			b.WriteString("  mentorId    Int?\n")
			fmt.Fprintf(&b, "  mentor      %s?   @relation(\"Mentor%d\", fields: [mentorId], references: [id])\n", name, i)
			fmt.Fprintf(&b, "  mentees     %s[]  @relation(\"Mentor%d\")\n", name, i)
		}
		if i%7 == 0 && i+7 < n {
			fmt.Fprintf(&b, "  tags        Model%d[] @relation(\"Tags%d\")\n", i+7, i)
		}
		if i%7 == 0 && i >= 7 {
			fmt.Fprintf(&b, "  taggedBy    Model%d[] @relation(\"Tags%d\")\n", i-7, i-7)
		}
		b.WriteString("\n  @@unique([slug, status])\n  @@index([createdAt(sort: Desc)])\n  @@index([title, count])\n")
		fmt.Fprintf(&b, "  @@map(\"model_%d\")\n}\n\n", i)
	}
	return b.String()
}
