"""The OpenAPI 3.1 document of the public certificate verification API and of the credentials'
public documents (issuer, keys, status lists), written by hand: four endpoints, so a generator
would be more code than the document itself. Descriptions are in
Indonesian, for the government systems that call it."""

_NULLABLE_STRING = {"type": ["string", "null"]}
_NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}

_VERIFICATION = {
    "type": "object",
    "description": (
        "Hasil pemeriksaan satu nomor sertifikat. Dengan nomor saja hanya statusnya yang "
        "diberikan (serta tanggal dan alasan pencabutan bila dicabut); nama pemegang, jenjang "
        "dan tanggal terbit hanya bila kode verifikasi (t) dari kode QR sertifikat cocok. "
        "Kolom yang tidak berlaku atau tidak diberikan bernilai null."
    ),
    "required": [
        "number",
        "status",
        "complete",
        "name",
        "level",
        "issued_on",
        "issuer",
        "revoked_on",
        "revocation_reason",
    ],
    "properties": {
        "number": {"type": "string", "examples": ["UKP/2026/000123"]},
        "status": {
            "type": "string",
            "enum": ["valid", "revoked", "not_yet_valid", "unknown"],
            "description": (
                "valid: sah; revoked: dicabut; not_yet_valid: nomor sudah diberikan tetapi "
                "sertifikat belum ditandatangani; unknown: nomor tidak dikenal."
            ),
        },
        "complete": {
            "type": "boolean",
            "description": (
                "true bila kode verifikasi cocok dan data pemegang diberikan; false bila "
                "nomor saja, atau kode verifikasi tidak lengkap (kode yang salah diperlakukan "
                "sama dengan tanpa kode)."
            ),
        },
        "name": {
            **_NULLABLE_STRING,
            "description": "Nama pemegang beserta gelar (hanya bila complete).",
        },
        "level": {
            **_NULLABLE_STRING,
            "description": "Jenjang jabatan fungsional pustakawan (hanya bila complete).",
        },
        "issued_on": {
            **_NULLABLE_DATE,
            "description": "Tanggal terbit, WIB (hanya bila complete).",
        },
        "issuer": {**_NULLABLE_STRING, "examples": ["Perpustakaan Nasional Republik Indonesia"]},
        "revoked_on": {**_NULLABLE_DATE, "description": "Tanggal pencabutan (WIB)."},
        "revocation_reason": {**_NULLABLE_STRING, "description": "Alasan pencabutan."},
    },
    "additionalProperties": False,
}

_BAD_REQUEST = {
    "type": "object",
    "required": ["error", "detail"],
    "properties": {
        "error": {"type": "string", "const": "bad_request"},
        "detail": {"type": "string"},
    },
}

_RATE_LIMITED = {
    "type": "object",
    "required": ["error", "detail", "retry_after"],
    "properties": {
        "error": {"type": "string", "const": "rate_limited"},
        "detail": {"type": "string"},
        "retry_after": {"type": "integer", "minimum": 1, "description": "Detik."},
    },
}


_NOT_FOUND = {
    "type": "object",
    "required": ["error", "detail"],
    "properties": {
        "error": {"type": "string", "const": "not_found"},
        "detail": {"type": "string"},
    },
}

_ISSUER = {
    "type": "object",
    "description": (
        "Profil penerbit (Open Badges 3.0 Profile) penyelenggara: id-nya sama dengan issuer.id "
        "pada kredensial (did:web penerbit), jwks_uri alamat kunci publiknya."
    ),
    "required": ["@context", "id", "type", "name", "jwks_uri"],
    "properties": {
        "@context": {"type": "array", "items": {"type": "string"}},
        "id": {"type": "string", "format": "uri"},
        "type": {"type": "array", "items": {"type": "string"}},
        "name": {"type": "string"},
        "parentOrg": {"type": "object"},
        "jwks_uri": {"type": "string", "format": "uri"},
    },
}

_JWKS = {
    "type": "object",
    "description": (
        "Semua kunci publik (RFC 7517) yang pernah dipakai penyelenggara menandatangani "
        "kredensial, termasuk yang sudah diganti, masing-masing dua kali: dengan kid berupa id "
        "verification method di dokumen DID (kid pada header kredensial kini) dan dengan kid "
        "thumbprint saja (kredensial yang ditandatangani sebelum ada DID)."
    ),
    "required": ["keys"],
    "properties": {
        "keys": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["kty", "crv", "x", "y", "kid", "alg"],
                "properties": {
                    "kty": {"const": "EC"},
                    "crv": {"const": "P-256"},
                    "x": {"type": "string"},
                    "y": {"type": "string"},
                    "kid": {"type": "string"},
                    "alg": {"const": "ES256"},
                    "use": {"const": "sig"},
                },
                "additionalProperties": False,
            },
        }
    },
}

_DID_DOCUMENT = {
    "type": "object",
    "description": "Dokumen DID (did:web) penerbit: kunci publiknya sebagai JsonWebKey.",
    "required": ["@context", "id", "verificationMethod", "assertionMethod"],
    "properties": {
        "@context": {"type": "array", "items": {"type": "string"}},
        "id": {"type": "string", "pattern": "^did:web:"},
        "verificationMethod": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "type", "controller", "publicKeyJwk"],
                "properties": {
                    "id": {"type": "string"},
                    "type": {"const": "JsonWebKey"},
                    "controller": {"type": "string"},
                    "publicKeyJwk": {
                        "type": "object",
                        "required": ["kty", "crv", "x", "y"],
                        "properties": {
                            "kty": {"const": "EC"},
                            "crv": {"const": "P-256"},
                            "x": {"type": "string"},
                            "y": {"type": "string"},
                            "alg": {"const": "ES256"},
                        },
                        "additionalProperties": False,
                    },
                },
            },
        },
        "assertionMethod": {"type": "array", "items": {"type": "string"}},
    },
}

_PROVIDER_PARAMETER = {
    "name": "provider",
    "in": "path",
    "required": True,
    "description": "Slug penyelenggara, misalnya pusat-pembinaan-pustakawan.",
    "schema": {"type": "string"},
}


def _not_found(description: str) -> dict:
    return _json(description, "NotFound")


def _credential_paths() -> dict:
    return {
        "/api/kredensial/{provider}/": {
            "get": {
                "operationId": "credentialIssuer",
                "summary": "Profil penerbit kredensial digital",
                "parameters": [_PROVIDER_PARAMETER],
                "responses": {
                    "200": _json("Profil penerbit.", "Issuer"),
                    "400": _json("Permintaan tidak dapat diproses.", "BadRequest"),
                    "404": _not_found("Penyelenggara tidak dikenal."),
                },
            }
        },
        "/api/kredensial/{provider}/jwks.json": {
            "get": {
                "operationId": "credentialKeys",
                "summary": "Kunci publik penerbit (JWKS)",
                "parameters": [_PROVIDER_PARAMETER],
                "responses": {
                    "200": {
                        "description": "Kumpulan kunci publik.",
                        "content": {
                            "application/jwk-set+json": {
                                "schema": {"$ref": "#/components/schemas/Jwks"}
                            }
                        },
                    },
                    "400": _json("Permintaan tidak dapat diproses.", "BadRequest"),
                    "404": _not_found("Penyelenggara tidak dikenal."),
                },
            }
        },
        "/api/kredensial/{provider}/did.json": {
            "get": {
                "operationId": "credentialDidDocument",
                "summary": "Dokumen DID penerbit (did:web)",
                "description": (
                    "Tempat did:web penerbit (issuer.id pada kredensial) diuraikan: "
                    "did:web:<host>:api:kredensial:<provider> menjadi "
                    "https://<host>/api/kredensial/<provider>/did.json. Memuat semua kunci publik "
                    "penerbit, termasuk yang sudah diganti, sebagai verification method "
                    "JsonWebKey; kid pada header kredensial adalah id salah satunya."
                ),
                "parameters": [_PROVIDER_PARAMETER],
                "responses": {
                    "200": {
                        "description": "Dokumen DID.",
                        "content": {
                            "application/did+json": {
                                "schema": {"$ref": "#/components/schemas/DidDocument"}
                            }
                        },
                    },
                    "400": _json("Permintaan tidak dapat diproses.", "BadRequest"),
                    "404": _not_found("Penyelenggara tidak dikenal."),
                },
            }
        },
        "/api/kredensial/{provider}/status/{ordinal}/": {
            "get": {
                "operationId": "credentialStatusList",
                "summary": "Daftar status pencabutan (W3C Bitstring Status List)",
                "description": (
                    "BitstringStatusListCredential bertanda tangan (JWT, typ vc+jwt, ES256) dengan "
                    "statusPurpose revocation: bit ke-statusListIndex bernilai 1 bila sertifikat "
                    "dicabut. Dibangun dari data yang sama dengan pemeriksaan nomor sertifikat."
                ),
                "parameters": [
                    _PROVIDER_PARAMETER,
                    {
                        "name": "ordinal",
                        "in": "path",
                        "required": True,
                        "description": "Nomor urut daftar, mulai 1.",
                        "schema": {"type": "string"},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "Daftar status sebagai JWT.",
                        "content": {"application/vc+jwt": {"schema": {"type": "string"}}},
                    },
                    "400": _json("Permintaan tidak dapat diproses.", "BadRequest"),
                    "404": _not_found("Penyelenggara atau daftar tidak dikenal."),
                },
            }
        },
    }


def _json(description: str, schema_name: str) -> dict:
    return {
        "description": description,
        "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}
        },
    }


def openapi_document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Verifikasi Sertifikat Uji Kompetensi Pustakawan",
            "version": "2.0.0",
            "description": (
                "Memeriksa keaslian sertifikat uji kompetensi yang diterbitkan Perpustakaan "
                "Nasional Republik Indonesia. Tanpa autentikasi; jumlah permintaan per alamat "
                "IP dibatasi (HTTP 429 dengan header Retry-After bila terlampaui). Nomor saja "
                "hanya menjawab status; nama dan jenjang pemegang hanya dengan kode verifikasi "
                "t dari kode QR sertifikat. Halaman verifikasi /certificates/verify/{number}/ "
                "(tujuan kode QR, /certificates/verify/{number}/?t={kode}) memberi jawaban "
                "yang sama bila diminta dengan header Accept: application/json."
            ),
        },
        "servers": [{"url": "/"}],
        "paths": {
            "/api/certificates/{number}/": {
                "get": {
                    "operationId": "certificateVerify",
                    "summary": "Periksa satu nomor sertifikat",
                    "parameters": [
                        {
                            "name": "number",
                            "in": "path",
                            "required": True,
                            "description": (
                                "Nomor sertifikat seperti tertulis, misalnya UKP/2026/000123. "
                                "Garis miring boleh ditulis apa adanya atau sebagai %2F."
                            ),
                            "schema": {"type": "string"},
                        },
                        {
                            "name": "t",
                            "in": "query",
                            "required": False,
                            "description": (
                                "Kode verifikasi, bagian alamat pada kode QR sertifikat "
                                "(?t=...). Tanpa kode ini, atau bila kodenya tidak cocok, "
                                "hanya status yang diberikan."
                            ),
                            "schema": {"type": "string"},
                        },
                    ],
                    "responses": {
                        "200": _json(
                            "Nomor dikenal: sah, dicabut, atau belum berlaku.", "Verification"
                        ),
                        "400": _json(
                            "Permintaan tidak dapat diproses, misalnya karena memuat karakter NUL.",
                            "BadRequest",
                        ),
                        "404": _json("Nomor tidak dikenal (status unknown).", "Verification"),
                        "429": {
                            **_json("Terlalu banyak permintaan.", "RateLimited"),
                            "headers": {
                                "Retry-After": {
                                    "description": "Detik sampai boleh mencoba lagi.",
                                    "schema": {"type": "integer"},
                                }
                            },
                        },
                    },
                }
            },
            **_credential_paths(),
        },
        "components": {
            "schemas": {
                "Verification": _VERIFICATION,
                "BadRequest": _BAD_REQUEST,
                "RateLimited": _RATE_LIMITED,
                "NotFound": _NOT_FOUND,
                "Issuer": _ISSUER,
                "Jwks": _JWKS,
                "DidDocument": _DID_DOCUMENT,
            }
        },
    }
