package connector

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"os"
	"path/filepath"

	"software.sslmate.com/src/go-pkcs12"

	"github.com/caspian-prisma/caspian-prisma/engine/perr"
)

// tlsConfig builds the TLS settings of sslcert, sslidentity, sslpassword
// and sslaccept, the same for both adapters; the adapter decides when TLS
// is used (sslmode). strict is the verification asked for (sslaccept, or
// the provider's default when absent); verifyHost also checks the server's
// name (off for libpq's verify-ca only).
//
// Relative certificate paths resolve against <root>/prisma, the folder
// Prisma resolves them against (the schema's).
func tlsConfig(p Params, root string, strict, verifyHost bool) (*tls.Config, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	var roots *x509.CertPool
	if p.SSLCert != "" {
		pem, err := readCert(p.SSLCert, root, "sslcert")
		if err != nil {
			return nil, err
		}
		roots = x509.NewCertPool()
		if !roots.AppendCertsFromPEM(pem) {
			return nil, perr.New(perr.InvalidURL, map[string]any{"parameter": "sslcert"},
				"The provided database string is invalid. The file of the database URL parameter `sslcert` (%s) holds no PEM certificate", p.SSLCert)
		}
	}
	if p.SSLIdentity != "" {
		der, err := readCert(p.SSLIdentity, root, "sslidentity")
		if err != nil {
			return nil, err
		}
		key, cert, chain, err := pkcs12.DecodeChain(der, p.SSLPassword)
		if err != nil {
			why := "is not a PKCS #12 file"
			if errors.Is(err, pkcs12.ErrIncorrectPassword) {
				why = "cannot be opened with `sslpassword`"
			}
			return nil, perr.New(perr.InvalidURL, map[string]any{"parameter": "sslidentity"},
				"The provided database string is invalid. The file of the database URL parameter `sslidentity` (%s) %s", p.SSLIdentity, why)
		}
		c := tls.Certificate{Certificate: [][]byte{cert.Raw}, PrivateKey: key, Leaf: cert}
		for _, ca := range chain {
			c.Certificate = append(c.Certificate, ca.Raw)
		}
		cfg.Certificates = []tls.Certificate{c}
	}
	// Verification is ours (VerifyConnection), not crypto/tls's: a driver
	// may try several hosts with one config, and verify-ca checks the chain
	// without the name.
	cfg.InsecureSkipVerify = true
	if strict {
		cfg.VerifyConnection = func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 {
				return errors.New("the server sent no certificate")
			}
			opts := x509.VerifyOptions{Roots: roots, Intermediates: x509.NewCertPool()}
			for _, c := range cs.PeerCertificates[1:] {
				opts.Intermediates.AddCert(c)
			}
			if verifyHost {
				opts.DNSName = cs.ServerName
			}
			if _, err := cs.PeerCertificates[0].Verify(opts); err != nil {
				// The type crypto/tls gives its own verification failures,
				// by which the adapters tell them (P1011) from the rest.
				return &tls.CertificateVerificationError{UnverifiedCertificates: cs.PeerCertificates, Err: err}
			}
			return nil
		}
	}
	return cfg, nil
}

// readCert reads a certificate file named by a URL parameter.
func readCert(path, root, param string) ([]byte, error) {
	if !filepath.IsAbs(path) {
		if root == "" {
			root = "."
		}
		path = filepath.Join(root, "prisma", path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, perr.New(perr.InvalidURL, map[string]any{"parameter": param},
			"The provided database string is invalid. The file of the database URL parameter `%s` cannot be read: %s", param, pathErr(err))
	}
	return b, nil
}

func pathErr(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Path + ": " + pe.Err.Error()
	}
	return err.Error()
}
