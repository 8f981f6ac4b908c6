package server

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/vpcsim/vpcsim/internal/protocol"
)

// TestTrickledBodyIsCutOff: a client sending its body one byte at a time
// cannot hold a connection past the body deadline.
func TestTrickledBodyIsCutOff(t *testing.T) {
	ts := newTestServer(t, Options{BodyGrace: 300 * time.Millisecond})
	conn, err := net.Dial("tcp", strings.TrimPrefix(ts.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := "Action=DescribeVpcs&Version=2016-11-15"
	fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n", len(body))
	start := time.Now()
	closed := false
	for i := 0; i < len(body) && time.Since(start) < 5*time.Second; i++ {
		if _, err := conn.Write([]byte{body[i]}); err != nil {
			closed = true
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err == nil {
		defer resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Fatalf("trickled body answered 200 after %v", time.Since(start))
		}
		return
	}
	if !closed && time.Since(start) > 4*time.Second {
		t.Fatalf("connection held for %v", time.Since(start))
	}
}

func TestLimiterRefusesBeyondItsBounds(t *testing.T) {
	l := newLimiter(2, 100)
	if !l.acquire(60) || !l.acquire(30) {
		t.Fatal("within bounds refused")
	}
	if l.acquire(1) { // no slot left (waits 1 s, then refuses)
		t.Fatal("third request admitted with two slots")
	}
	l.release(30)
	if l.acquire(50) { // 60 + 50 bytes > 100
		t.Fatal("bytes over budget admitted")
	}
	if !l.acquire(40) {
		t.Fatal("bytes within budget refused")
	}
	for _, c := range []struct {
		svc  *protocol.Service
		code string
	}{
		{&protocol.Service{Name: "ec2", Protocol: "ec2"}, "RequestLimitExceeded"},
		{&protocol.Service{Name: "s3", Protocol: "rest-xml"}, "SlowDown"},
		{&protocol.Service{Name: "logs", Protocol: "json"}, "ThrottlingException"},
		{&protocol.Service{Name: "iam", Protocol: "query"}, "Throttling"},
	} {
		if got := throttled(c.svc).Code; got != c.code {
			t.Errorf("%s: %s, want %s", c.svc.Name, got, c.code)
		}
	}
}

func TestOversizedBodyRefusedBeforeReading(t *testing.T) {
	ts := newTestServer(t, Options{})
	req, _ := http.NewRequest("POST", ts.URL+"/", strings.NewReader("Action=DescribeVpcs"))
	req.ContentLength = maxBody + 1
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return // the server may close the connection before reading
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d", resp.StatusCode)
	}
}
