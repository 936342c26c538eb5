"""Documents on S3-compatible object storage (moto's server on loopback stands in for MinIO or
AWS): stored privately under random names, and still reached only through the checked view."""

import hashlib
import io
import socket

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto.server import ThreadedMotoServer
from pypdf import PdfReader

from registration import services
from tests.factories import ApplicationFactory, pdf_bytes

pytestmark = pytest.mark.django_db

BUCKET = "portal-dokumen"
CREDENTIALS = {"aws_access_key_id": "uji", "aws_secret_access_key": "rahasia-uji"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **CREDENTIALS).create_bucket(
        Bucket=BUCKET
    )
    yield endpoint
    server.stop()


@pytest.fixture
def s3_storage(settings, s3_endpoint):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "access_key": CREDENTIALS["aws_access_key_id"],
                "secret_key": CREDENTIALS["aws_secret_access_key"],
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
    return boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **CREDENTIALS)


def upload(application, content: bytes):
    requirement = application.service.requirements.get(code="sk-jabatan")
    return services.document_upload(
        application=application,
        requirement=requirement,
        file=SimpleUploadedFile("SK Jabatan Rina.pdf", content, "application/pdf"),
        actor=application.candidate,
    )


def test_document_is_stored_privately_in_the_bucket_under_a_random_name(s3_storage):
    application = ApplicationFactory()
    content = pdf_bytes(pages=2)

    document = upload(application, content)

    stored = s3_storage.get_object(Bucket=BUCKET, Key=document.file.name)["Body"].read()
    # What is stored is the PDF written anew (portal.uploads.upload_clean): same pages.
    assert hashlib.sha256(stored).hexdigest() == document.sha256
    assert len(stored) == document.size
    assert len(PdfReader(io.BytesIO(stored)).pages) == 2
    assert "Rina" not in document.file.name
    assert document.file.name.startswith(f"documents/{application.public_id}/")
    grants = s3_storage.get_object_acl(Bucket=BUCKET, Key=document.file.name)["Grants"]
    assert all("AllUsers" not in str(grant.get("Grantee")) for grant in grants)


def test_owner_reads_the_s3_document_through_the_checked_view_and_others_get_404(
    s3_storage, client, outsider
):
    application = ApplicationFactory()
    content = pdf_bytes()
    document = upload(application, content)
    url = reverse("document_file", args=[document.public_id])

    client.force_login(application.candidate)
    response = client.get(url)
    assert response.status_code == 200
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == document.sha256
    assert response["Content-Type"] == "application/pdf"

    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_reupload_to_s3_keeps_the_earlier_version(s3_storage):
    application = ApplicationFactory()
    first = upload(application, pdf_bytes(pages=1))
    second = upload(application, pdf_bytes(pages=3))

    assert (first.version, second.version) == (1, 2)
    keys = {obj["Key"] for obj in s3_storage.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert {first.file.name, second.file.name} <= keys
