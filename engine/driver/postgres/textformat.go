package postgres

import "time"

// Readers of the text format, which statements run unprepared
// (Config.NoPrepare) get for every column: what they do not take goes to
// pgx's codecs, as in the binary readers (rows.go).

// parseISOTimestamp reads a timestamp as PostgreSQL writes it with
// DateStyle ISO, its default
// (https://www.postgresql.org/docs/current/datatype-datetime.html#DATATYPE-DATETIME-OUTPUT):
// YYYY-MM-DD HH:MM:SS, up to six fractional digits, and for timestamptz
// the offset of the session's zone, +HH, +HH:MM or +HH:MM:SS. It takes
// four-digit years only; BC, years past 9999, infinity and other
// DateStyles go to pgx.
func parseISOTimestamp(raw []byte, zone bool) (time.Time, bool) {
	if len(raw) < 19 || raw[10] != ' ' || raw[13] != ':' || raw[16] != ':' {
		return time.Time{}, false
	}
	day, ok := parseISODate(raw[:10])
	h, okh := atoi(raw[11:13])
	mi, okm := atoi(raw[14:16])
	sec, oks := atoi(raw[17:19])
	if !ok || !okh || !okm || !oks || h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, false
	}
	rest := raw[19:]
	nsec := 0
	if len(rest) > 0 && rest[0] == '.' {
		n := 1
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			n++
		}
		frac, ok := atoi(rest[1:n])
		if !ok || n-1 > 6 {
			return time.Time{}, false
		}
		nsec = frac * pow10[9-(n-1)]
		rest = rest[n:]
	}
	offset := 0
	if zone {
		if len(rest) != 3 && len(rest) != 6 && len(rest) != 9 || rest[0] != '+' && rest[0] != '-' {
			return time.Time{}, false
		}
		for i := 1; i < len(rest); i += 3 {
			if i > 1 && rest[i-1] != ':' {
				return time.Time{}, false
			}
			n, ok := atoi(rest[i : i+2])
			if !ok {
				return time.Time{}, false
			}
			offset += n * []int{3600, 60, 1}[i/3]
		}
		if rest[0] == '-' {
			offset = -offset
		}
	} else if len(rest) != 0 {
		return time.Time{}, false
	}
	secs := int64(h*3600+mi*60+sec) - int64(offset)
	return time.Unix(day.Unix()+secs, int64(nsec)).UTC(), true
}

// parseISODate reads YYYY-MM-DD.
func parseISODate(raw []byte) (time.Time, bool) {
	if len(raw) != 10 || raw[4] != '-' || raw[7] != '-' {
		return time.Time{}, false
	}
	y, oky := atoi(raw[0:4])
	m, okm := atoi(raw[5:7])
	d, okd := atoi(raw[8:10])
	if !oky || !okm || !okd || y < 1 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), true
}

var pow10 = [...]int{1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000}

// atoi reads a non-empty run of decimal digits.
func atoi(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(b) > 0
}
