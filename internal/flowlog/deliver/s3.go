package deliver

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"hash/fnv"
	"sort"
	"strings"
	"time"

	"github.com/vpcsim/vpcsim/internal/control"
	s3c "github.com/vpcsim/vpcsim/internal/control/s3"
	"github.com/vpcsim/vpcsim/internal/flowlog"
	"github.com/vpcsim/vpcsim/internal/model"
)

// S3 files [VPC-UG flow-logs-s3.md "Flow log files"]: each file holds the
// records of one flow log whose end time falls in one 5-minute period,
// gzip-compressed text whose first line names the fields (as the Athena
// integration's "skip.header.line.count" expects), or a Parquet file with
// Gzip-compressed columns (parquet.go) when the flow log's FileFormat is
// parquet; a file is at most 75 MB, after which a new one starts.
const (
	s3Period     = 300
	maxS3File    = 75 << 20
	maxS3Buffer  = 64 << 20 // buffered text before an early flush
	s3ContentTyp = "application/octet-stream"
	// recordBytes is what a buffered Parquet record costs besides its
	// text size (the Record copy).
	recordBytes = 256
)

type fileKey struct {
	flowLog string
	period  int64
}

type s3File struct {
	fl   *model.FlowLog
	text bytes.Buffer
	// Parquet files keep the records (copies) and the length of each
	// one's text line, which bounds a file as the text does.
	parquet bool
	format  flowlog.Format
	recs    []flowlog.Record
	sizes   []int32
}

// s3Buffer holds the text of the files not written yet.
type s3Buffer struct {
	files map[fileKey]*s3File
	size  int
	line  []byte
}

func (b *s3Buffer) add(fl *model.FlowLog, batch flowlog.Batch) {
	if b.files == nil {
		b.files = map[fileKey]*s3File{}
	}
	for i := range batch.Records {
		r := &batch.Records[i]
		k := fileKey{fl.ID, floorDiv(r.End, s3Period) * s3Period}
		f := b.files[k]
		if f == nil {
			f = &s3File{fl: fl, parquet: fl.FileFormat == control.FileFormatParquet, format: batch.Subscription.Format}
			b.files[k] = f
		}
		b.line = batch.Subscription.Format.AppendText(b.line[:0], r)
		b.line = append(b.line, '\n')
		b.size += len(b.line)
		if f.parquet {
			// The engine reuses its record buffer: keep a copy.
			c := *r
			if r.ECS != nil {
				e := *r.ECS
				c.ECS = &e
			}
			f.recs = append(f.recs, c)
			f.sizes = append(f.sizes, int32(len(b.line)))
			b.size += recordBytes
			continue
		}
		f.text.Write(b.line)
	}
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// flushS3 writes every buffered file, in flow log and period order.
func (s *Sink) flushS3(ctx context.Context) error {
	if len(s.s3.files) == 0 {
		return nil
	}
	keys := make([]fileKey, 0, len(s.s3.files))
	for k := range s.s3.files {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].flowLog != keys[j].flowLog {
			return keys[i].flowLog < keys[j].flowLog
		}
		return keys[i].period < keys[j].period
	})
	files := s.s3.files
	s.s3.files, s.s3.size = nil, 0
	outcome := map[string]string{}
	for _, k := range keys {
		f := files[k]
		msg, err := s.writeFile(ctx, f, k.period)
		if err != nil {
			return err
		}
		if prev, ok := outcome[k.flowLog]; !ok || prev == "" {
			outcome[k.flowLog] = msg
		}
	}
	return s.setStatus(ctx, outcome)
}

// writeFile writes one period's text as one or more gzip files (a new file
// after 75 MB of text); it returns the DeliverLogsErrorMessage when the
// bucket refuses delivery.
func (s *Sink) writeFile(ctx context.Context, f *s3File, period int64) (string, error) {
	if f.parquet {
		return s.writeParquet(ctx, f, period)
	}
	fl := f.fl
	header := headerLine(fl)
	text := f.text.Bytes()
	for part := 0; len(text) > 0; part++ {
		n := len(text)
		if n > maxS3File {
			n = bytes.LastIndexByte(text[:maxS3File], '\n') + 1
			if n <= 0 {
				n = len(text)
			}
		}
		chunk := text[:n]
		text = text[n:]
		key := S3Key(fl, time.Unix(period, 0).UTC(), fileHash(fl.ID, period, part, chunk))
		if !control.S3DeliveryAllowed(s.d.st.Snapshot(), fl, key) {
			return control.DeliveryAccessErr, nil
		}
		if s.d.s3 == nil {
			return control.DeliveryUnknownErr, nil
		}
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		if _, err := zw.Write(header); err != nil {
			return "", fmt.Errorf("compress flow log file: %w", err)
		}
		if _, err := zw.Write(chunk); err != nil {
			return "", fmt.Errorf("compress flow log file: %w", err)
		}
		if err := zw.Close(); err != nil {
			return "", fmt.Errorf("compress flow log file: %w", err)
		}
		if msg, err := s.put(ctx, fl, key, gz.Bytes()); msg != "" || err != nil {
			return msg, err
		}
	}
	return "", nil
}

// writeParquet writes one period's records as one or more Parquet files
// (a new file after 75 MB of records, counted as text).
func (s *Sink) writeParquet(ctx context.Context, f *s3File, period int64) (string, error) {
	fl := f.fl
	for part := 0; len(f.recs) > 0; part++ {
		n, size := 0, 0
		for n < len(f.recs) && (n == 0 || size+int(f.sizes[n]) <= maxS3File) {
			size += int(f.sizes[n])
			n++
		}
		recs := f.recs[:n]
		f.recs, f.sizes = f.recs[n:], f.sizes[n:]
		var buf bytes.Buffer
		pw := NewParquetWriter(&buf, f.format)
		if err := pw.Write(recs); err != nil {
			return "", fmt.Errorf("flow log %s: %w", fl.ID, err)
		}
		if err := pw.Close(); err != nil {
			return "", fmt.Errorf("flow log %s: %w", fl.ID, err)
		}
		key := S3Key(fl, time.Unix(period, 0).UTC(), fileHash(fl.ID, period, part, buf.Bytes()))
		if !control.S3DeliveryAllowed(s.d.st.Snapshot(), fl, key) {
			return control.DeliveryAccessErr, nil
		}
		if s.d.s3 == nil {
			return control.DeliveryUnknownErr, nil
		}
		if msg, err := s.put(ctx, fl, key, buf.Bytes()); msg != "" || err != nil {
			return msg, err
		}
	}
	return "", nil
}

// put stores one file in the flow log's bucket as the bucket's owner.
func (s *Sink) put(ctx context.Context, fl *model.FlowLog, key string, body []byte) (string, error) {
	bucket, _ := control.S3Target(fl)
	b, ok := s3c.BucketKind.In(s.d.st.Snapshot()).Get(bucket)
	if !ok {
		return control.DeliveryAccessErr, nil
	}
	if err := s.d.s3.PutObject(ctx, model.Scope{Account: b.Account, Region: b.Region}, bucket, key, body); err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return control.DeliveryUnknownErr, nil
	}
	s.res.Objects++
	return "", nil
}

// headerLine is the first line of a text file: the format's field names.
func headerLine(fl *model.FlowLog) []byte {
	f, err := control.FlowLogFormat(fl)
	if err != nil {
		f = flowlog.DefaultFormat
	}
	fields := f.Fields()
	names := make([]string, len(fields))
	for i, x := range fields {
		names[i] = x.Name()
	}
	return []byte(strings.Join(names, " ") + "\n")
}

// S3Key is the object key of a flow log file for the period starting at t
// [flow-logs-s3.md "Log file S3 bucket structure" and "Log file names"]:
// <prefix>/AWSLogs/<account>/vpcflowlogs/<region>/<yyyy>/<mm>/<dd>/[<hh>/]
// (or the Hive-compatible year=/month=/day=/hour= folders), then
// <account>_vpcflowlogs_<region>_<flow-log-id>_<YYYYMMDDTHHmmZ>_<hash>.log.gz,
// or .log.parquet for a flow log whose FileFormat is parquet.
func S3Key(fl *model.FlowLog, t time.Time, hash string) string {
	var b strings.Builder
	b.WriteString(control.S3KeyPrefix(fl))
	if fl.HiveCompatiblePartitions {
		fmt.Fprintf(&b, "year=%04d/month=%02d/day=%02d/", t.Year(), int(t.Month()), t.Day())
		if fl.PerHourPartition {
			fmt.Fprintf(&b, "hour=%02d/", t.Hour())
		}
	} else {
		fmt.Fprintf(&b, "%04d/%02d/%02d/", t.Year(), int(t.Month()), t.Day())
		if fl.PerHourPartition {
			fmt.Fprintf(&b, "%02d/", t.Hour())
		}
	}
	ext := ".log.gz"
	if fl.FileFormat == control.FileFormatParquet {
		ext = ".log.parquet"
	}
	fmt.Fprintf(&b, "%s_vpcflowlogs_%s_%s_%s_%s%s", fl.Account, fl.Region, fl.ID, t.Format("20060102T1504Z"), hash, ext)
	return b.String()
}

// fileHash is the file name's 8-hex-digit suffix, derived from the file's
// identity and content so that runs are reproducible.
func fileHash(id string, period int64, part int, text []byte) string {
	h := fnv.New32a()
	fmt.Fprintf(h, "%s/%d/%d/", id, period, part)
	h.Write(text)
	return fmt.Sprintf("%08x", h.Sum32())
}
