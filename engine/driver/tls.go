package driver

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
)

// TLSError returns the KindTLS error of a failed TLS handshake with host,
// or nil when err is not one. It reads the error's type, never its text:
// a certificate that failed verification (crypto/tls's or the connector's
// own VerifyConnection, both a *tls.CertificateVerificationError, or a bare
// x509 error), an alert the server sent (it refused the handshake or our
// certificate), or an answer that is not TLS at all. The message is
// crypto/tls's and x509's, which name certificates and hosts, never a
// credential.
func TLSError(err error, host string) *Error {
	var (
		cve     *tls.CertificateVerificationError
		unknown x509.UnknownAuthorityError
		name    x509.HostnameError
		invalid x509.CertificateInvalidError
		alert   tls.AlertError
		record  tls.RecordHeaderError
	)
	var msg string
	switch {
	case errors.As(err, &cve):
		msg = "the server's certificate is not trusted: " + cve.Err.Error()
	case errors.As(err, &unknown), errors.As(err, &name), errors.As(err, &invalid):
		msg = "the server's certificate is not trusted: " + innermost(err).Error()
	case errors.As(err, &alert):
		msg = "the server refused the handshake: " + alert.Error()
	case errors.As(err, &record):
		msg = "the server did not answer in TLS"
	default:
		return nil
	}
	return &Error{Kind: KindTLS, Host: host, Message: msg}
}

// innermost is the error at the end of err's chain of single wraps.
func innermost(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}
