"""The OpenAPI 3.1 document of the complaint intake API, written by hand (one endpoint, as in
certificates.api_schema). Descriptions are in Indonesian, for the integrations that call it
(an SP4N-LAPOR! or chat connector)."""

from complaints.constants import ComplaintKind, ComplaintStatus

_STRING = {"type": "string"}

_COMPLAINT_IN = {
    "type": "object",
    "description": (
        "Satu laporan dari saluran lain. Saluran (mis. SP4N-LAPOR!, chat) ditentukan oleh token "
        "integrasi, bukan oleh isian."
    ),
    "required": ["kind", "subject", "description"],
    "properties": {
        "kind": {
            "type": "string",
            "enum": list(ComplaintKind.values),
            "description": "pengaduan, aspirasi (saran), atau informasi (permintaan informasi).",
        },
        "subject": {"type": "string", "maxLength": 200, "description": "Judul laporan."},
        "description": {"type": "string", "maxLength": 10000, "description": "Uraian."},
        "service": {
            "type": ["string", "null"],
            "description": "Slug layanan yang dilaporkan, mis. uji-kompetensi-pustakawan.",
            "examples": ["uji-kompetensi-pustakawan"],
        },
        "provider": {
            "type": ["string", "null"],
            "description": (
                "Slug penyelenggara yang dilaporkan, bila laporan tidak tentang layanan "
                "tertentu, mis. bkpsdm-kota-singkawang. Laporan tentang layanan selalu "
                "diteruskan ke penyelenggara layanannya; tanpa keduanya, ke pengelola portal."
            ),
            "examples": ["bkpsdm-kota-singkawang"],
        },
        "incident_date": {
            "type": ["string", "null"],
            "format": "date",
            "description": "Tanggal kejadian (tidak boleh di masa depan).",
        },
        "reporter_name": {"type": "string", "maxLength": 150},
        "reporter_email": {
            "type": "string",
            "format": "email",
            "description": "Jika diisi, pelapor menerima kode pelacakan dan setiap jawaban.",
        },
        "reporter_phone": {"type": "string", "maxLength": 20},
        "anonymous": {
            "type": "boolean",
            "default": False,
            "description": "Identitas pelapor hanya terlihat oleh tim pengelola pengaduan.",
        },
        "confidential": {
            "type": "boolean",
            "default": False,
            "description": "Laporan tidak pernah ditampilkan kepada publik.",
        },
        "external_reference": {
            "type": "string",
            "maxLength": 100,
            "description": (
                "Nomor laporan di saluran asal, mis. nomor laporan SP4N-LAPOR!. Wajib bila "
                "token integrasi untuk saluran SP4N-LAPOR!: tanpa nomor itu laporan ditolak "
                "(400, invalid, dengan kesalahan pada isian external_reference)."
            ),
        },
    },
}

_CREATED = {
    "type": "object",
    "required": ["tracking_code", "status", "tracking_url"],
    "properties": {
        "tracking_code": {
            "type": "string",
            "pattern": "^ADU-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$",
            "examples": ["ADU-7K3M-9QX2"],
            "description": "Kode pelacakan; berikan kepada pelapor, jangan kepada orang lain.",
        },
        "status": {"type": "string", "enum": [ComplaintStatus.RECEIVED.value]},
        "tracking_url": {
            "type": "string",
            "format": "uri",
            "description": "Halaman pelacakan bagi pelapor, tanpa akun.",
        },
    },
}

_ERROR = {
    "type": "object",
    "required": ["error", "detail"],
    "properties": {
        "error": {
            "type": "string",
            "enum": ["unauthorized", "invalid_json", "invalid", "too_large"],
        },
        "detail": _STRING,
        "fields": {
            "type": "object",
            "description": "Per isian: daftar kesalahannya (hanya untuk error invalid).",
            "additionalProperties": {"type": "array", "items": _STRING},
        },
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
            "title": "Penerimaan Pengaduan dari Saluran Lain",
            "version": "1.1.0",
            "description": (
                "Meneruskan laporan yang masuk melalui saluran lain (mis. SP4N-LAPOR! atau chat) "
                "ke Portal Layanan Kompetensi ASN. Setiap integrasi memakai token sendiri yang "
                "dibuat administrator; laporan dicatat dengan saluran milik token itu dan "
                "ditangani tim pengelola pengaduan penyelenggaranya seperti laporan dari "
                "formulir portal. Token yang dibuat untuk satu penyelenggara hanya menerima "
                "laporan tentang penyelenggara itu (selain itu 400, dengan field yang salah)."
            ),
        },
        "servers": [{"url": "/"}],
        "security": [{"bearerToken": []}],
        "paths": {
            "/api/pengaduan/": {
                "post": {
                    "operationId": "complaintIntake",
                    "summary": "Kirim satu laporan",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ComplaintIn"}
                            }
                        },
                    },
                    "responses": {
                        "201": _json("Laporan diterima.", "Created"),
                        "400": _json(
                            "Isi tidak valid, atau laporan tidak memenuhi aturan penerimaan "
                            "(mis. laporan SP4N-LAPOR! tanpa nomor laporannya); lihat fields.",
                            "Error",
                        ),
                        "401": _json("Token tidak ada, salah, atau nonaktif.", "Error"),
                        "413": _json("Isi permintaan terlalu besar.", "Error"),
                    },
                }
            }
        },
        "components": {
            "securitySchemes": {
                "bearerToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "Header Authorization: Bearer <token integrasi>.",
                }
            },
            "schemas": {"ComplaintIn": _COMPLAINT_IN, "Created": _CREATED, "Error": _ERROR},
        },
    }
