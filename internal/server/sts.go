package server

import (
	"encoding/xml"
	"fmt"
	"net/http"
)

// serveSTS answers the STS Query API's GetCallerIdentity, which Terraform's
// AWS provider calls with its default settings.
func (s *Server) serveSTS(w http.ResponseWriter, action, accessKey, account, requestID string) {
	if action != "GetCallerIdentity" {
		writeSTSError(w, http.StatusBadRequest, "InvalidAction", fmt.Sprintf("Could not find operation %s for version 2011-06-15", action), requestID)
		return
	}
	type result struct {
		Arn     string `xml:"Arn"`
		UserID  string `xml:"UserId"`
		Account string `xml:"Account"`
	}
	type response struct {
		XMLName   xml.Name `xml:"GetCallerIdentityResponse"`
		Xmlns     string   `xml:"xmlns,attr"`
		Result    result   `xml:"GetCallerIdentityResult"`
		RequestID string   `xml:"ResponseMetadata>RequestId"`
	}
	user := accessKey
	if user == "" {
		user = "AKIAVPCSIM"
	}
	body, _ := xml.Marshal(response{
		Xmlns:     "https://sts.amazonaws.com/doc/2011-06-15/",
		Result:    result{Arn: "arn:aws:iam::" + account + ":root", UserID: user, Account: account},
		RequestID: requestID,
	})
	w.Header().Set("Content-Type", "text/xml")
	w.Header().Set("x-amzn-RequestId", requestID)
	_, _ = w.Write([]byte(xml.Header))
	_, _ = w.Write(body)
}

func writeSTSError(w http.ResponseWriter, status int, code, msg, requestID string) {
	type errBody struct {
		Type    string `xml:"Type"`
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	}
	type response struct {
		XMLName   xml.Name `xml:"ErrorResponse"`
		Error     errBody  `xml:"Error"`
		RequestID string   `xml:"RequestId"`
	}
	body, _ := xml.Marshal(response{Error: errBody{"Sender", code, msg}, RequestID: requestID})
	w.Header().Set("Content-Type", "text/xml")
	w.Header().Set("x-amzn-RequestId", requestID)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
