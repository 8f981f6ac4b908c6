package flowlog

import (
	"bufio"
	"context"
	"fmt"
	"io"
)

// TextSink writes every record as one text line, rendered in its flow
// log's format. With Prefix, each line starts with "<flow-log-id>
// <interface-id> " so that several flow logs can share one stream.
type TextSink struct {
	W      *bufio.Writer
	Prefix bool
	buf    []byte
}

// NewTextSink returns a TextSink writing to w. Call Flush at the end.
func NewTextSink(w io.Writer) *TextSink { return &TextSink{W: bufio.NewWriterSize(w, 64<<10)} }

// Deliver writes the batches' records.
func (s *TextSink) Deliver(ctx context.Context, batches []Batch) error {
	for _, b := range batches {
		if err := ctx.Err(); err != nil {
			return err
		}
		for i := range b.Records {
			s.buf = s.buf[:0]
			if s.Prefix {
				s.buf = append(s.buf, b.FlowLogID...)
				s.buf = append(s.buf, ' ')
				s.buf = append(s.buf, b.InterfaceID...)
				s.buf = append(s.buf, ' ')
			}
			s.buf = b.Subscription.Format.AppendText(s.buf, &b.Records[i])
			s.buf = append(s.buf, '\n')
			if _, err := s.W.Write(s.buf); err != nil {
				return fmt.Errorf("write records: %w", err)
			}
		}
	}
	return nil
}

// Flush writes buffered lines.
func (s *TextSink) Flush() error { return s.W.Flush() }
