package ec2query

import (
	"encoding/xml"
	"net/http"
	"strconv"

	"github.com/vpcsim/vpcsim/internal/awserr"
)

type errorEnvelope struct {
	XMLName   xml.Name    `xml:"Response"`
	Errors    []errorItem `xml:"Errors>Error"`
	RequestID string      `xml:"RequestID"`
}

type errorItem struct {
	Code    string `xml:"Code"`
	Message string `xml:"Message"`
}

// WriteError writes the EC2 error envelope with the error's HTTP status.
func WriteError(w http.ResponseWriter, e *awserr.Error, requestID string) {
	body, _ := xml.Marshal(errorEnvelope{Errors: []errorItem{{e.Code, e.Message}}, RequestID: requestID})
	h := w.Header()
	h.Set("Content-Type", "text/xml;charset=UTF-8")
	h.Set("x-amzn-RequestId", requestID)
	h.Set("Content-Length", strconv.Itoa(len(xml.Header)+len(body)))
	w.WriteHeader(e.Status)
	_, _ = w.Write([]byte(xml.Header))
	_, _ = w.Write(body)
}
