package cli

import "fmt"

// migrate dispatches `ppy migrate <command>`.
func (r *run) migrate(args []string) int {
	if len(args) == 0 {
		fmt.Fprint(r.out, migrateHelp)
		return exitOK
	}
	switch sub, rest := args[0], args[1:]; sub {
	case "-h", "--help", "help":
		fmt.Fprint(r.out, migrateHelp)
		return exitOK
	case "diff":
		return r.migrateDiff(rest)
	default:
		fmt.Fprintf(r.err, "Unknown command: ppy migrate %s\n\n%s", sub, migrateHelp)
		return exitUsage
	}
}

const migrateHelp = `Update the database schema with migrations

Usage

  $ ppy migrate [command] [options]

Commands

  diff   Compare the database schema from two arbitrary sources

Flags

  -h, --help   Show this help

Examples

  $ ppy migrate diff --from-empty --to-schema prisma/schema.prisma --script
`
