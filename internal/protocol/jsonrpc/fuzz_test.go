package jsonrpc_test

import (
	"encoding/json"
	"net/http/httptest"
	"sort"
	"testing"

	"github.com/vpcsim/vpcsim/internal/api/logs"
	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/protocol"
	"github.com/vpcsim/vpcsim/internal/protocol/jsonrpc"
)

// FuzzDecode decodes arbitrary bodies into every generated CloudWatch Logs
// input shape. Decode must never panic, every failure must be a 4xx
// *awserr.Error, and whatever decodes must encode back to valid JSON.
func FuzzDecode(f *testing.F) {
	names := make([]string, 0, len(logs.Service.Operations))
	for n := range logs.Service.Operations {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, s := range []string{
		``, `{}`, `null`, `[]`,
		`{"logGroupName":"/a","tags":{"k":"v"},"logGroupClass":"STANDARD"}`,
		`{"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":1,"message":"m"},null]}`,
		`{"logGroupNamePrefix":"/","limit":50,"includeLinkedAccounts":true,"logGroupIdentifiers":["a","b"]}`,
		`{"startTime":1e3,"endTime":-1,"limit":1.5,"startFromHead":"yes","unknown":{"a":[1,2,{"b":null}]}}`,
		`{"queryString":"fields @timestamp | \u00e9\ud83d\ude00","logGroupNames":["x"],"startTime":99999999999999999999}`,
		`{"policyDocument":"{\"a\":1}","data":"aGk=","tags":{"a":1}}`,
		`{"a":"\ud800","b":"\u12zz","c":[[[[]]]]}`,
	} {
		for i := 0; i < len(names); i += 11 {
			f.Add(uint16(i), s)
		}
	}
	f.Fuzz(func(t *testing.T, pick uint16, body string) {
		op := logs.Service.Operations[names[int(pick)%len(names)]]
		in := op.NewInput()
		err := jsonrpc.Codec{}.Decode(logs.Service, op, &protocol.Request{Body: []byte(body)}, in)
		if err != nil {
			e, ok := awserr.As(err)
			if !ok || e.Status < 400 || e.Status > 499 {
				t.Fatalf("%s %q: error %v is not a 4xx *awserr.Error", op.Name, body, err)
			}
			return
		}
		rec := httptest.NewRecorder()
		if err := (jsonrpc.Codec{}).WriteOutput(rec, logs.Service, op, in, "rid"); err != nil {
			t.Fatalf("%s %q: re-encoding the input: %v", op.Name, body, err)
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("%s %q: re-encoded %s is not JSON", op.Name, body, rec.Body)
		}
	})
}
