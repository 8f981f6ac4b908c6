package deliver

import (
	"io"
	"testing"

	"github.com/vpcsim/vpcsim/internal/flowlog"
)

// BenchmarkParquet measures records written to a Gzip-compressed Parquet
// file per second (issue 10: >= 300,000 per second per core), for the
// default format and every field; a file is 100,000 records (about what
// one busy interface writes in 5 minutes).
func BenchmarkParquet(b *testing.B) {
	const n = 100000
	recs := sampleRecords(n)
	for _, c := range []struct {
		name string
		f    flowlog.Format
	}{{"default", flowlog.DefaultFormat}, {"all-fields", allFieldsFormat()}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				pw := NewParquetWriter(io.Discard, c.f)
				if err := pw.Write(recs); err != nil {
					b.Fatal(err)
				}
				if err := pw.Close(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)*n/b.Elapsed().Seconds(), "records/s")
			if d := cpuTime() - cpu; d > 0 {
				b.ReportMetric(float64(b.N)*n/d.Seconds(), "records/cpu-s")
			}
		})
	}
}
