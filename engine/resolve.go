package engine

import (
	"errors"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/engine/config"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
)

// engineless answers the methods of abi.Methods that need no opened engine
// (handlers has the others; TestMethodTable checks the two cover the table).
var engineless = map[string]func(params map[string]any) (any, error){
	abi.MethodConfigResolve: resolveConfig,
	abi.MethodURLRedact:     redactURL,
}

// Call answers the envelope methods that need no opened engine
// (config.resolve, url.redact); pybridge serves it through cp_call, before
// any engine exists. Errors are *perr.Error.
func Call(method string, params map[string]any) (any, error) {
	if params == nil {
		params = map[string]any{}
	}
	if f, ok := engineless[method]; ok {
		return f(params)
	}
	names := make([]string, 0, len(engineless))
	for name := range engineless {
		names = append(names, name)
	}
	sort.Strings(names)
	return nil, perr.New(perr.Internal, map[string]any{"method": method}, "unknown method %q (cp_call serves %s)", method, strings.Join(names, " and "))
}

// redactURL is url.redact: params {url}; the reply is {masked, secrets}:
// config.Mask of the URL and config.Secrets, the strings the Python side
// removes from any message it builds or receives (its last line of
// defence), so that Python never parses a URL itself.
func redactURL(params map[string]any) (any, error) {
	raw, ok := params["url"].(string)
	if !ok {
		return nil, perr.New(perr.Internal, map[string]any{"param": "url"}, "url.redact: \"url\" must be a string, got %T", params["url"])
	}
	secrets := []any{}
	for _, s := range config.Secrets(raw) {
		// A percent-escape can decode to bytes that are not UTF-8: they
		// cannot travel as a msgpack str, and no Python text holds them.
		if utf8.ValidString(s) {
			secrets = append(secrets, s)
		}
	}
	return map[string]any{"masked": config.Mask(raw), "secrets": secrets}, nil
}

// resolveConfig is config.resolve: params {cwd, env, schema?, root?,
// package_dir?, schema_text?}; the reply is the wire form of
// config.Resolved, "" values sent as nil.
func resolveConfig(params map[string]any) (any, error) {
	var req config.Request
	strs := map[string]*string{
		"cwd": &req.Cwd, "schema": &req.Schema, "root": &req.Root,
		"package_dir": &req.PackageDir, "schema_text": &req.SchemaText,
	}
	for key, dst := range strs {
		switch v := params[key].(type) {
		case nil:
		case string:
			*dst = v
		default:
			return nil, perr.New(perr.Internal, map[string]any{"param": key}, "config.resolve: %q must be a string, got %T", key, v)
		}
	}
	switch env := params["env"].(type) {
	case nil:
	case map[string]any:
		req.Env = make(map[string]string, len(env))
		for k, v := range env {
			s, ok := v.(string)
			if !ok {
				return nil, perr.New(perr.Internal, map[string]any{"param": "env"}, "config.resolve: env[%q] must be a string, got %T", k, v)
			}
			req.Env[k] = s
		}
	default:
		return nil, perr.New(perr.Internal, map[string]any{"param": "env"}, "config.resolve: \"env\" must be a map, got %T", env)
	}
	r, err := config.Resolve(req)
	if err != nil {
		var ce *config.Error
		if errors.As(err, &ce) {
			return nil, perr.New(perr.Config, nil, "%s", ce.Message)
		}
		return nil, perr.New(perr.Config, nil, "%v", err)
	}
	opt := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	files := make([]any, len(r.DotenvFiles))
	for i, f := range r.DotenvFiles {
		files[i] = f
	}
	warns := make([]any, len(r.Warnings))
	for i, w := range r.Warnings {
		warns[i] = w
	}
	replicas := make([]any, len(r.ReplicaURLs))
	for i, u := range r.ReplicaURLs {
		replicas[i] = u
	}
	var autoRun any
	if r.SeedAutoRun != nil {
		autoRun = *r.SeedAutoRun
	}
	return map[string]any{
		"root":            r.Root,
		"config_path":     opt(r.ConfigPath),
		"env_files":       files,
		"schema_path":     opt(r.SchemaPath),
		"migrations_path": opt(r.MigrationsPath),
		"url":             opt(r.URL.Raw),
		"url_source":      opt(r.URL.Source),
		"provider":        opt(r.URL.Provider),
		"url_error":       opt(r.URLError),
		"shadow_url":      opt(r.ShadowURL),
		"replica_urls":    replicas,
		"seed_import":     opt(r.SeedImport),
		"seed_auto_run":   autoRun,
		"migrations_seed": opt(r.MigrationsSeed),
		"log_level":       opt(r.LogLevel),
		"warnings":        warns,
	}, nil
}
