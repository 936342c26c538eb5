"""The OpenAPI 3.1 document of what the portal sends: the providers' signed webhooks and the
messages to SP4N-LAPOR! (its `webhooks` section; the portal is the caller, so there are no
paths). Served at /api/webhooks/schema/."""

from integrations import catalogue
from integrations.signing import ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER

_UUID = {"type": "string", "format": "uuid"}
_TIME = {"type": "string", "format": "date-time"}
_ACCEPTED = {
    "2XX": {"description": "Diterima. Jawaban lain (atau tanpa jawaban) dicoba lagi nanti."}
}


def _header(description: str, schema: dict) -> dict:
    return {"in": "header", "required": True, "description": description, "schema": schema}


def _json_body(schema_name: str) -> dict:
    return {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}
        },
    }


def openapi_document() -> dict:
    signed_headers = [
        {
            "name": ID_HEADER,
            **_header(
                "Id pesan: sama pada setiap percobaan ulang; penerima memakainya untuk "
                "menolak pesan ganda.",
                _UUID,
            ),
        },
        {
            "name": TIMESTAMP_HEADER,
            **_header(
                "Detik sejak epoch Unix saat percobaan ini ditandatangani. Tolak bila terlalu "
                "jauh dari jam penerima (mis. lebih dari 5 menit).",
                {"type": "string", "pattern": "^[0-9]+$"},
            ),
        },
        {
            "name": SIGNATURE_HEADER,
            **_header(
                '"v1," diikuti base64 dari HMAC-SHA256 atas "<webhook-id>.<webhook-timestamp>'
                '.<body>" (body persis seperti diterima), dengan kunci berupa byte hasil '
                'dekode base64 bagian kunci rahasia sesudah "whsec_" (gaya Standard '
                "Webhooks). Bandingkan dengan waktu konstan.",
                {"type": "string", "pattern": "^v1,[A-Za-z0-9+/=]+( v1,[A-Za-z0-9+/=]+)*$"},
            ),
        },
    ]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Webhook Portal Layanan Kompetensi ASN",
            "version": "1.0.0",
            "description": (
                "Pemberitahuan perubahan keadaan pengajuan, sertifikat, pengaduan, dan "
                "permohonan layanan, dikirim ke alamat yang didaftarkan penyelenggara di "
                "admin (POST JSON, ditandatangani). Pesan untuk satu objek dikirim berurutan: "
                "pesan berikutnya menunggu sampai yang sebelumnya diterima (2xx) atau "
                "dihentikan setelah batas percobaan. Percobaan ulang dengan jeda bertambah "
                "(30 detik, berlipat dua, paling lama 1 jam). Isi pesan tidak memuat data "
                "pribadi: hanya id publik objek, keadaannya, dan penyelenggaranya. Pesan ke "
                "SP4N-LAPOR! membawa status dan jawaban pengaduan yang datang dari LAPOR!."
            ),
        },
        "webhooks": {
            "stateChanged": {
                "post": {
                    "operationId": "stateChanged",
                    "summary": "Keadaan sebuah objek penyelenggara berubah",
                    "parameters": signed_headers,
                    "requestBody": _json_body("StateChanged"),
                    "responses": _ACCEPTED,
                }
            },
            "laporMessage": {
                "post": {
                    "operationId": "laporMessage",
                    "summary": "Status atau jawaban pengaduan yang datang dari SP4N-LAPOR!",
                    "parameters": [
                        {
                            "name": "Idempotency-Key",
                            **_header("Id pesan, sama pada setiap percobaan ulang.", _UUID),
                        }
                    ],
                    "security": [{"laporToken": []}],
                    "requestBody": _json_body("LaporMessage"),
                    "responses": _ACCEPTED,
                }
            },
        },
        "components": {
            "securitySchemes": {"laporToken": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "StateChanged": {
                    "type": "object",
                    "required": ["id", "type", "occurred_at", "data"],
                    "additionalProperties": False,
                    "properties": {
                        "id": {**_UUID, "description": "Sama dengan header webhook-id."},
                        "type": {"type": "string", "enum": catalogue.event_types()},
                        "occurred_at": _TIME,
                        "data": {
                            "type": "object",
                            "required": [
                                "event_id",
                                "object",
                                "from_state",
                                "to_state",
                                "provider",
                            ],
                            "additionalProperties": False,
                            "properties": {
                                "event_id": {"type": "integer"},
                                "object": {
                                    "type": "object",
                                    "required": ["kind", "id"],
                                    "additionalProperties": False,
                                    "properties": {
                                        "kind": {
                                            "type": "string",
                                            "enum": [
                                                "application",
                                                "certificate",
                                                "complaint",
                                                "case",
                                            ],
                                        },
                                        "id": _UUID,
                                    },
                                },
                                "from_state": {"type": "string"},
                                "to_state": {"type": "string"},
                                "provider": {
                                    "type": "string",
                                    "description": "Slug penyelenggara.",
                                },
                            },
                        },
                    },
                },
                "LaporMessage": {
                    "type": "object",
                    "required": ["id", "type", "occurred_at", "lapor_id"],
                    "properties": {
                        "id": _UUID,
                        "type": {"type": "string", "enum": ["status", "answer"]},
                        "occurred_at": _TIME,
                        "lapor_id": {"type": "string", "description": "Nomor laporan LAPOR!."},
                        "from_state": {"type": "string"},
                        "to_state": {"type": "string"},
                        "note": {"type": "string", "description": "Keterangan tim untuk pelapor."},
                        "message": {"type": "string", "description": "Jawaban tim (type answer)."},
                    },
                },
            },
        },
    }
