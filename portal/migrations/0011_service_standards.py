"""The public service standards (PermenPANRB 15/2014): the librarian exam's components from
seeds 000, 001 and 003, and the other seeds' services (002, 003, 004) as catalogue entries with
their complete standards, so that their pages are whole before any workflow of theirs exists.

Texts are the seeds' own, line by line, with only broken markup and plain typos repaired; the
librarian exam's procedure points at this portal instead of the old registration site.
The librarian exam is run by this portal, so the components seed 000 leaves unsaid describe how
the portal delivers it. For the other agencies' services, components their seed does not give
stay empty: the page says so, rather than the portal inventing a promise for another agency.
"""

from datetime import time

from django.db import migrations

LIBRARIAN_EXAM = "uji-kompetensi-pustakawan"

# Seed 003's office hours (WIB); seed 003 is also where the librarian exam's hours come from
# (migration 0005).
SEED_003_HOURS = [
    (day, time(8, 0), time(15, 30), time(11, 30), time(13, 0)) for day in range(4)
] + [(4, time(8, 30), time(15, 30), time(11, 0), time(13, 0))]

LIBRARIAN_EXAM_STANDARD = {
    # Seed 000, steps 1-5, and the certificate stages that follow a pass.
    "procedure": (
        "1. Pengecekan data Pustakawan: pastikan data Anda sudah ada di dalam database "
        "Pustakawan melalui menu Cek NIP di portal ini.\n"
        "2. Melakukan register untuk mendapatkan username dan password: register data Anda "
        "dengan memasukkan NIP dan e-mail aktif. Username dan password akan diberikan secara "
        "otomatis ke e-mail aktif Anda, yang dapat Anda gunakan pertama kali dalam sistem uji. "
        "Selanjutnya setelah Anda berhasil login, password dapat diubah sesuai yang Anda "
        "inginkan melalui menu Profil.\n"
        "3. Mengunggah berkas sesuai persyaratan: peserta melakukan pendaftaran online, "
        "verifikasi berkas, penentuan jadwal, serta proses ujian sesuai panduan.\n"
        "4. Tempat ujian: Work From Home (WFH) / secara daring.\n"
        "5. Keterangan: seluruh rangkaian proses pelaksanaan uji kompetensi mulai dari "
        "pendaftaran, pengisian data, ujian, dan sebagainya dilakukan sepenuhnya antara Peserta "
        "dan Panitia (dilakukan tanpa perantara). Informasi pendaftaran, verifikasi, "
        "penjadwalan, proses ujian, hasil kelulusan, tata cara ujian, penerbitan, dan pengiriman "
        "sertifikat dapat dijelaskan kembali melalui grup WhatsApp (harap mencantumkan nomor "
        "WhatsApp aktif di formulir pendaftaran).\n"
        "6. Penerbitan sertifikat bagi peserta yang lulus: validasi data sertifikat, penerbitan, "
        "disposisi (khusus kenaikan jenjang Pustakawan Ahli Madya ke Pustakawan Ahli Utama), "
        "tanda tangan oleh pejabat yang berwenang, alih media dan legalisir, lalu pengiriman "
        "sertifikat."
    ),
    # Seed 000's certificate table; the stages with a number are also time-limit rows.
    "time_limit_text": (
        "Estimasi waktu penerbitan sertifikat:\n"
        "1. Validasi data yang melekat pada sertifikat, yaitu: nama (gelar), NIP, tempat tanggal "
        "lahir, pangkat/golongan, jabatan terakhir, tujuan uji kompetensi (untuk estimasi 40 "
        "peserta): 2 hari kerja\n"
        "2. Penerbitan sertifikat: 1 hari kerja\n"
        "3. Disposisi penerbitan sertifikat (khusus untuk yang naik jenjang Pustakawan Ahli "
        "Madya ke Pustakawan Ahli Utama): tentatif\n"
        "4. Tanda tangan sertifikat oleh pejabat yang berwenang: tentatif\n"
        "5. Alih media dan legalisir sertifikat: 1 hari kerja\n"
        "6. Pengiriman sertifikat (lamanya disesuaikan tempat tujuan): tentatif"
    ),
    "fee": "Tidak dipungut biaya",
    "product": ("1. Sertifikat Kompetensi Pustakawan\n2. Surat Keterangan Hasil Uji Kompetensi"),
    # Seed 001: the Perpusnas complaint channels and the complaint team's duties.
    "complaint_handling": (
        "Saluran Pengaduan Masyarakat di lingkungan Pusat Pembinaan Pustakawan yang dapat "
        "dimanfaatkan oleh masyarakat adalah:\n"
        "1. Formulir pengaduan di portal ini (tanpa akun): setiap pengaduan mendapat kode "
        "pelacakan untuk mengikuti tindak lanjutnya\n"
        "2. Portal Pengaduan dan Permohonan Informasi: Sistem Informasi Aspirasi Pustakawan "
        "(SIAP) / https://siap-pustakawan.perpusnas.go.id/\n"
        "3. Surat elektronik: pustakawan@perpusnas.go.id\n"
        "4. Media sosial: Facebook: Pembinaan pustakawan, Twitter: @PPPustakawan, serta IG: "
        "@Pembinaan.pustakawan\n"
        "5. SP4N LAPOR!: Sistem Pengelolaan Pengaduan Pelayanan Publik Nasional (SP4N) – "
        "Layanan Aspirasi dan Pengaduan Online Rakyat (LAPOR!) di lapor.go.id\n"
        "6. Chat di portal perpusnas.go.id\n"
        "7. Surat atau datang langsung: Pusat Pembinaan Pustakawan Perpustakaan Nasional RI, "
        "Jl. Salemba Raya No. 28A Jakarta Pusat 10430 DKI - Indonesia\n"
        "Tim pengelolaan pengaduan bertugas: menerima setiap pengaduan yang diajukan oleh "
        "masyarakat baik secara lisan maupun tertulis; memberikan penjelasan mengenai kebijakan "
        "dan prosedur penyelesaian pengaduan pada saat masyarakat mengajukan pengaduan; "
        "mengevaluasi tindak lanjut dari pengaduan layanan; dan menyusun laporan hasil "
        "pelaksanaan kegiatan. Laporan Pengaduan dapat diunduh di halaman Laporan Pengaduan "
        "portal ini."
    ),
    "legal_basis": (
        "1. Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik\n"
        "2. Peraturan Menteri PANRB Nomor 15 Tahun 2014 tentang Pedoman Standar Pelayanan\n"
        "3. Peraturan Menteri PANRB Nomor 14 Tahun 2017 tentang Pedoman Penyusunan Survei "
        "Kepuasan Masyarakat Unit Penyelenggara Pelayanan Publik\n"
        "4. Peraturan Kepala Perpustakaan Nasional Nomor 5 Tahun 2016 tentang Pedoman "
        "Penanganan Pengaduan Masyarakat di Lingkungan Perpustakaan Nasional\n"
        "5. Peraturan Kepala Perpustakaan Nasional Nomor 17 Tahun 2021"
    ),
    # Seed 000 describes an online service; these components follow from it.
    "facilities": (
        "1. Portal Layanan Kompetensi ASN untuk cek NIP, pendaftaran, unggah berkas, "
        "verifikasi, jadwal ujian, hasil, dan sertifikat\n"
        "2. Ujian secara daring (Work From Home) melalui tautan ujian dari panitia\n"
        "3. Grup WhatsApp peserta untuk informasi pendaftaran sampai pengiriman sertifikat\n"
        "4. Formulir pengaduan dan survei kepuasan masyarakat di portal ini"
    ),
    "staff_competence": (
        "1. Memahami peraturan jabatan fungsional Pustakawan dan uji kompetensinya\n"
        "2. Memahami administrasi kepegawaian ASN\n"
        "3. Mampu memverifikasi dokumen persyaratan\n"
        "4. Asesor yang kompeten menilai uji kompetensi Pustakawan\n"
        "5. Mampu mengoperasikan portal layanan dan aplikasi ujian daring"
    ),
    "internal_supervision": (
        "1. Pengawasan berjenjang oleh Kepala Pusat Pembinaan Pustakawan dan atasan langsung\n"
        "2. Setiap perubahan status pengajuan, hasil uji, dan sertifikat tercatat di portal "
        "(siapa, kapan, dan alasannya) sehingga dapat diperiksa"
    ),
    "staff_count": (
        "Tim verifikasi, panitia penjadwalan, asesor, petugas sertifikat, pejabat "
        "penandatangan, dan tim pengelola pengaduan Pusat Pembinaan Pustakawan"
    ),
    "service_guarantee": (
        "Seluruh rangkaian uji kompetensi tidak dipungut biaya dan dilakukan langsung antara "
        "peserta dan panitia, tanpa perantara. Setiap tahap diselesaikan dalam jangka waktu "
        "standar pelayanan ini; keterlambatan dapat diadukan melalui saluran pengaduan."
    ),
    "security_guarantee": (
        "1. Data pribadi dan berkas peserta hanya dapat dibuka oleh peserta dan petugas yang "
        "menanganinya\n"
        "2. Sertifikat diterbitkan dengan nomor unik yang dapat diperiksa keasliannya di portal "
        "ini\n"
        "3. Identitas pelapor pengaduan dirahasiakan bila pelapor memilih anonim"
    ),
    # Seed 003: the satisfaction survey twice a year.
    "performance_evaluation": (
        "1. Survei Kepuasan Masyarakat 2 (dua) kali setahun; Indeks Kepuasan Masyarakat "
        "diumumkan di halaman ini\n"
        "2. Waktu penyelesaian setiap tahap diukur dan dibandingkan dengan jangka waktu yang "
        "dijanjikan\n"
        "3. Evaluasi tindak lanjut pengaduan dan laporan pengaduan berkala"
    ),
    "pledge": (
        "Dengan ini kami menyatakan sanggup menyelenggarakan Layanan Uji Kompetensi Pustakawan "
        "sesuai Standar Pelayanan yang telah ditetapkan dan apabila tidak menepati janji "
        "pelayanan, kami siap menerima sanksi sesuai ketentuan peraturan perundang-undangan."
    ),
}


# Seed 002, component by component.
PROFESSIONAL_CERTIFICATION = {
    "slug": "sertifikasi-profesi-pns",
    "name": "Sertifikasi Profesi bagi Pegawai Negeri Sipil",
    "description": (
        "Kegiatan Pelatihan dan Uji Kompetensi Profesi bagi Pegawai Negeri Sipil: usulan dari "
        "perangkat daerah diverifikasi oleh BKPSDM, diuji oleh Lembaga Sertifikasi Profesi "
        "(LSP)/asesor, dan sertifikatnya diserahkan oleh petugas BKPSDM."
    ),
    "requirements_text": (
        "1. Surat Permohonan Proposal dari Penyelenggara Kegiatan Pelatihan dan Uji Kompetensi "
        "Profesi kepada PD;\n"
        "2. Surat Permohonan Surat usulan dari perangkat daerah/unit kerja;\n"
        "3. Surat Permohonan mengikuti seleksi Sertifikasi Profesi Bagi Pegawai Negeri Sipil "
        "kepada Kepala PD;\n"
        "4. Fotokopi SK Pangkat terakhir;\n"
        "5. Fotokopi SK Jabatan terakhir;\n"
        "6. Sasaran Kinerja Pegawai (SKP) terakhir;\n"
        "7. Pas foto terbaru;\n"
        "8. Dokumen pendukung kompetensi/portofolio;\n"
        "9. Formulir pendaftaran.\n"
        "10. Surat Rekomendasi dari Kepala PD;\n"
        "11. Surat Rekomendasi dari Sekretaris Daerah;\n"
        "12. Surat pernyataan keabsahan berkas dari Kepala PD/atasan langsung;"
    ),
    "procedure": (
        "1. Pemohon menyampaikan berkas usulan Pelatihan dan Uji Kompetensi Profesi;\n"
        "2. Petugas melakukan pemeriksaan kelengkapan berkas;\n"
        "3. Verifikasi administrasi dan substantif oleh BKPSDM;\n"
        "4. Penetapan Peserta Penyelenggara Kegiatan Pelatihan dan Uji Kompetensi Profesi;\n"
        "5. Pelaksanaan uji kompetensi Profesi yang ditetapkan oleh LSP/Asesor;\n"
        "6. Penilaian hasil uji kompetensi Profesi oleh Asesor;\n"
        "7. Penerbitan sertifikat LSP;\n"
        "8. Penyerahan sertifikat oleh petugas BKPSDM ke peserta"
    ),
    "time_limit_text": (
        "Maksimal 14 (empat belas) sampai dengan 30 (tiga puluh) hari kerja sejak berkas "
        "dinyatakan lengkap dan benar"
    ),
    "fee": (
        "Apabila terdapat biaya sertifikasi dari lembaga sertifikasi profesi, menyesuaikan "
        "ketentuan yang berlaku."
    ),
    "product": ("1. Sertifikat Kompetensi Profesi.\n2. Surat Keterangan Hasil Uji Kompetensi."),
    "complaint_handling": (
        "Pengaduan dapat disampaikan pada jam dan hari kerja:\n"
        "1. Datang langsung Bidang Pengembangan Sumber Daya ASN\n"
        "2. Email resmi unit layanan\n"
        "3. Helpdesk/petugas layanan\n"
        "4. SP4N-LAPOR!\n"
        "5. Waktu tindak lanjut maksimal 3 hari kerja"
    ),
    "legal_basis": (
        "1. Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara.\n"
        "2. Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik.\n"
        "3. Peraturan Menteri PANRB Nomor 15 Tahun 2014 tentang Pedoman Standar Pelayanan.\n"
        "4. Peraturan BNSP terkait sertifikasi kompetensi kerja.\n"
        "5. Peraturan Pemerintah Nomor 17 Tahun 2020 tentang Perubahan atas Peraturan "
        "Pemerintah Nomor 11 Tahun 2017 tentang Manajemen Pegawai Negeri Sipil\n"
        "6. Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 38 "
        "Tahun 2017 tentang Standar Kompetensi Jabatan Aparatur Sipil Negara\n"
        "7. Surat Edaran Menteri PANRB Nomor 28 Tahun 2021 tentang Pengembangan Kompetensi "
        "Pegawai Negeri Sipil Melalui Jalur Pendidikan;\n"
        "8. Peraturan Lembaga Administrasi Negara Nomor 10 Tahun 2018 tentang Pengembangan "
        "Kompetensi Pegawai Negeri Sipil"
    ),
    "facilities": (
        "1. Ruang pelayanan;\n"
        "2. Komputer dan printer;\n"
        "3. Jaringan internet;\n"
        "4. Aplikasi layanan kepegawaian;\n"
        "5. Ruang uji kompetensi;\n"
        "6. Media informasi dan pengaduan;\n"
        "7. Meja layanan dan ruang konsultasi."
    ),
    "staff_competence": (
        "1. Memahami regulasi sertifikasi profesi dan pengembangan kompetensi;\n"
        "2. Memahami administrasi kepegawaian;\n"
        "3. Memiliki kemampuan verifikasi dokumen;\n"
        "4. Memiliki kemampuan pelayanan publik;\n"
        "5. Mampu mengoperasikan aplikasi kepegawaian."
    ),
    "internal_supervision": (
        "Dilaksanakan oleh Kepala BKPSDM/Kabid PSDA melalui monitoring, evaluasi, dan "
        "pengendalian pelayanan secara berkala"
    ),
    "staff_count": "Minimal 2 orang",
    "service_guarantee": (
        "Pelayanan diberikan secara cepat, mudah, transparan, akuntabel, dan non diskriminatif."
    ),
    "security_guarantee": (
        "Kerahasiaan dokumen dan data pemohon dijamin sesuai ketentuan peraturan perundang-undangan"
    ),
    "performance_evaluation": (
        "Evaluasi dilaksanakan secara berkala melalui monitoring, rapat evaluasi, dan survei "
        "kepuasan masyarakat/pengguna layanan"
    ),
    "pledge": (
        "Dengan ini kami menyatakan sanggup menyelenggarakan Kegiatan Pelatihan dan Uji "
        "Kompetensi Profesi bagi Pegawai Negeri Sipil sesuai Standar Pelayanan yang telah "
        "ditetapkan dan apabila tidak menepati janji pelayanan, kami siap menerima sanksi sesuai "
        "ketentuan peraturan perundang-undangan."
    ),
}

# Seed 003, sections A to N. It gives no maklumat pelayanan.
PROFESSIONALISM_INDEX = {
    "slug": "indeks-profesionalitas-asn",
    "name": "Pelayanan Indeks Profesionalitas ASN (IP-ASN)",
    "description": (
        "Penerimaan, pemeriksaan, dan penyampaian Laporan Indeks Profesionalitas ASN (IP-ASN) "
        "perangkat daerah kepada Badan Kepegawaian Negara melalui aplikasi IP-ASN, oleh BKPSDM "
        "(Jalan Firdaus No. 1 Singkawang 79123)."
    ),
    "legal_basis": (
        "1. Peraturan Menpan-RB Nomor 38 Tahun 2018 tentang Indeks Profesionalitas ASN\n"
        "2. Peraturan Kepala BKN Nomor 8 Tahun 2019 tentang Pedoman Tata Cara dan Pelaksanaan "
        "Pengukuran Indeks Profesionalitas ASN (IP-ASN)"
    ),
    "requirements_text": (
        "1. Surat Pengantar dari Perangkat Daerah\n"
        "2. Laporan/Rekapitulasi data pendidikan, Jabatan, Bimtek/Diklat/workshop/seminar ASN"
    ),
    "procedure": (
        "1. Pemohon menyampaikan Laporan IP-ASN\n"
        "2. Petugas Administrasi menerima dan mengagendakan, dipilah dan diteruskan Kasubbag "
        "Umum, Kepegawaian dan Aset, diparaf Sekretaris, kemudian didisposisi Kepala Badan, "
        "selanjutnya ke Kepala Bidang Penilaian Kinerja Aparatur, Pengembangan Karir dan "
        "Kompetensi dan diteruskan ke Unit Pengolah (Analis Kepegawaian Ahli Muda (Sub "
        "Koordinator Sub Substansi Penilaian dan Evaluasi Kinerja Aparatur/Pejabat "
        "Pelaksana/Jafung).\n"
        "3. Unit Pengolah menerima dan memeriksa dokumen yang disampaikan. Jika tidak sesuai "
        "maka dikembalikan lagi kepada pemohon/unit kerja, jika dokumen yang disampaikan sudah "
        "benar maka selanjutnya diproses dan disampaikan kepada Badan Kepegawaian Negara melalui "
        "aplikasi IP-ASN.\n"
        "4. Unit Pengolah membuat laporan hasil Upload data IP-ASN dan menyampaikannya ke Kepala "
        "BKPSDM melalui Kabid dan Analis Kepegawaian Ahli Muda (Sub Koordinator Sub Substansi "
        "Penilaian dan Evaluasi Kinerja Aparatur)."
    ),
    "time_limit_text": "1 (satu) hari",
    "fee": "Tidak dipungut biaya (Gratis)",
    "product": "Laporan Data IP-ASN",
    "complaint_handling": (
        "1. Pengaduan dan saran disampaikan melalui:\n"
        "- Datang Langsung/Tatap Muka\n"
        "- Tersedia Kotak Saran\n"
        "- Surat dengan alamat: BKPSDM Jalan Firdaus No. 1 Singkawang 79123\n"
        "- E-mail: bkpsdm@singkawangkota.go.id\n"
        "- Website: www.singkawangkota.go.id\n"
        "- Telepon/Faksimile: (0562) 639567\n"
        "- Aplikasi SP4N-LAPOR!\n"
        "2. Petugas Penerima/Pengelola Pengaduan:\n"
        "- Sekretaris Badan\n"
        "- Lokasi ruang pengaduan (Ruang Kerja Sekretaris)"
    ),
    "facilities": (
        "1. Gedung Kantor\n"
        "2. Halaman Parkir\n"
        "3. Ruang Tunggu dan Ruang Tamu\n"
        "4. Ruang Pelayanan Berpendingin Udara dan Kursi Tamu\n"
        "5. Ruang Sholat\n"
        "6. Ruang Laktasi\n"
        "7. Toilet\n"
        "8. Telepon\n"
        "9. Wi-fi\n"
        "10. Komputer dan Printer\n"
        "11. ATK"
    ),
    "staff_count": "8 (delapan) orang",
    "staff_competence": (
        "1. Mengetahui Konsep Pelaporan Penilaian Prestasi Kerja\n"
        "2. Memahami Peraturan yang berlaku\n"
        "3. Kualifikasi Pendidikan minimal Diploma III\n"
        "4. Dapat berkomunikasi dengan baik, ramah dan santun\n"
        "5. Dapat mengoperasikan komputer"
    ),
    "internal_supervision": (
        "1. Pengawasan secara berjenjang oleh Kepala Bidang dan Kepala Badan\n"
        "2. Supervisi dari atasan langsung"
    ),
    "service_guarantee": (
        "Pelayanan diberikan secara cepat, tepat, lengkap dan dapat dipertanggungjawabkan. "
        "Apabila terjadi pelanggaran terhadap standar pelayanan maka akan diberikan sanksi, "
        "yaitu mulai dari teguran lisan, teguran tertulis dan seterusnya sesuai ketentuan yang "
        "berlaku."
    ),
    "security_guarantee": (
        "1. Informasi yang diberikan dijamin keabsahannya dan dapat dipertanggungjawabkan\n"
        "2. Pelayanan dilaksanakan di ruang Kantor BKPSDM dengan jaminan keamanan dan "
        "keselamatan sesuai standar dengan fasilitas sarana dan prasarana yang tersedia"
    ),
    "performance_evaluation": (
        "1. Dilakukan rapat staf per triwulan\n2. Survey Kepuasan Masyarakat 2 (dua) kali setahun"
    ),
    "pledge": "",
}

# Seed 004: the LAN's competency assessment for institutions. It gives requirements,
# procedure, time limits, fee, product and where to complain; nothing else.
LAN_ASSESSMENT = {
    "slug": "penilaian-kompetensi-lan",
    "name": (
        "Pelayanan Penilaian Kompetensi Metode Sederhana di Luar Kantor di lingkungan "
        "Lembaga Administrasi Negara"
    ),
    "description": (
        "Penilaian kompetensi ASN dengan metode sederhana oleh Balai Layanan Pemetaan "
        "Kompetensi, Puslatbang PKASN Lembaga Administrasi Negara, di lokasi instansi pemohon "
        "atau secara daring, dalam rangka seleksi jabatan atau pemetaan jabatan. Pemohonnya "
        "adalah instansi: Kementerian, Badan, Lembaga Pemerintah Non Kementerian, atau "
        "Pemerintah Daerah."
    ),
    "requirements_text": (
        "1. Surat Perjanjian Kerja sama (SPK) dibuat oleh Instansi Pemohon sebagai Pihak "
        "Pertama dalam perjanjian dan dikonfirmasikan kepada Pusat Pelatihan dan Pengembangan "
        "dan Pemetaan Kompetensi Aparatur Sipil Negara (Puslatbang PKASN) Lembaga Administrasi "
        "Negara (LAN) sebagai Pihak Kedua dalam perjanjian. SPK berisi tentang kesepakatan hak "
        "serta kewajiban masing-masing pihak dalam kerjasama penyelenggaraan penilaian "
        "kompetensi dan lain-lain yang menjelaskan secara jelas tentang SPK tersebut. SPK "
        "ditandatangani paling lambat 5 (lima) hari sebelum kegiatan penilaian kompetensi."
    ),
    "procedure": (
        "1. Instansi pemohon (Kementerian, Badan, Lembaga Pemerintah Non Kementerian, atau "
        "Pemerintah Daerah) mengajukan permohonan kerjasama penyelenggaraan penilaian "
        "kompetensi kepada Kepala Puslatbang PKASN LAN;\n"
        "2. Instansi pemohon menerima jawaban permohonan kerjasama penyelenggaraan penilaian "
        "kompetensi dari Kepala Puslatbang PKASN LAN;\n"
        "3. Instansi pemohon berkoordinasi dengan Kepala Balai Layanan Pemetaan "
        "Kompetensi/Pejabat yang ditunjuk untuk membahas persiapan penyelenggaraan penilaian "
        "kompetensi dan sebagai bahan penyusunan Surat Perjanjian Kerja sama (SPK);\n"
        "4. Instansi Pemohon mengirimkan daftar calon peserta (Asesi) yang akan mengikuti "
        "kegiatan penilaian kompetensi ke Balai Layanan Pemetaan Kompetensi;\n"
        "5. Balai Layanan Pemetaan Kompetensi melakukan penyiapan pelaksanaan pengambilan data "
        "(intake) penilaian kompetensi (administratif, substantif, Tim Penilaian Kompetensi, "
        "sarana dan prasarana);\n"
        "6. Balai Layanan Pemetaan Kompetensi menyampaikan informasi kepada Instansi Pemohon "
        "mengenai rencana pelaksanaan intake dan data yang harus dilengkapi calon Asesi "
        "(dokumen formulir Daftar Riwayat Hidup dan mengisi Kuesioner);\n"
        "7. Tim Penilaian Kompetensi datang ke lokasi penyelenggaraan penilaian kompetensi yang "
        "ditentukan Instansi Pemohon jika dilakukan secara luar jaringan (luring/klasikal);\n"
        "8. Asesi ditempatkan pada lokasi yang ditetapkan Instansi Pemohon jika pelaksanaan "
        "intake dilakukan dalam jaringan (daring). Instansi Pemohon membentuk Tim Pendamping dan "
        "Teknis, dan menyediakan sarana pelaksanaan intake menggunakan teknologi informatika dan "
        "komunikasi (perangkat komputer PC/Laptop dengan jaringan internet);\n"
        "9. Asesi melakukan pendaftaran (e-registrasi), mengisi dokumen formulir Daftar Riwayat "
        "Hidup dan Kuesioner, dan pelaksanaan intake secara daring melalui aplikasi e-Assessment "
        "dan video conference;\n"
        "10. Asesi melakukan registrasi ulang dan menyerahkan berkas kelengkapan asesi (bagi "
        "yang belum melengkapi persyaratan di e-registrasi) ke Tim Panitia Instansi Pemohon "
        "untuk disampaikan secara elektronik ke Balai Layanan Pemetaan Kompetensi/Tim Penilaian "
        "Kompetensi;\n"
        "11. Asesi wajib mengikuti dan mematuhi seluruh rangkaian proses pelaksanaan kegiatan "
        "penilaian kompetensi yang sudah dijadwalkan oleh Tim Penilaian Kompetensi;\n"
        "12. Instansi Pemohon melakukan pembayaran biaya Penilaian Kompetensi ke rekening "
        "Bendahara Penerima Puslatbang PKASN LAN sesuai dengan jangka waktu yang telah "
        "ditetapkan dalam Surat Perjanjian Kerja sama (SPK);\n"
        "13. Instansi Pemohon menerima Laporan Hasil Penilaian Kompetensi sesuai dengan jangka "
        "waktu yang telah disepakati dalam dokumen SPK."
    ),
    # The seed's "< 12> 12 orang" is a lost "≤ 12 / > 12"; the limits hold for either size.
    "time_limit_text": (
        "Kegiatan Penilaian Kompetensi dalam rangka Seleksi Jabatan:\n"
        "- Laporan Ringkas diserahkan paling lambat 10 hari kerja sejak pengambilan data jika "
        "jumlah peserta ≤ 12 / > 12 orang;\n"
        "- Laporan Lengkap dan Laporan Individual diserahkan paling lambat 15 hari kerja setelah "
        "laporan ringkas diserahkan jika jumlah peserta ≤ 12 / > 12 orang.\n"
        "Kegiatan Penilaian Kompetensi dalam rangka Pemetaan Jabatan:\n"
        "- Paling lambat 25 hari kerja sejak pengambilan data dalam rangka pemetaan jabatan jika "
        "jumlah peserta > 12 orang atau sesuai kesepakatan bersama."
    ),
    "fee": "Rp. 3.200.000,- per Peserta.",
    "product": (
        "Laporan Penilaian Kompetensi (Laporan Seleksi Jabatan & Laporan Pemetaan Jabatan)"
    ),
    "complaint_handling": (
        "Untuk saran, keluhan dan evaluasi pelayanan, dapat disampaikan kepada: Balai Layanan "
        "Pemetaan Kompetensi Jalan Kiarapayung Km 4,7 Jatinangor Sumedang – Jawa Barat Telp. "
        "022-7790048 Fax. 022-7790044, 7790055 Email: info@bandung.lan.go.id.\n"
        "Anda juga dapat menyampaikan pengaduan, aspirasi, maupun permintaan informasi melalui "
        "aplikasi LAPOR! (lapor.go.id)."
    ),
    "legal_basis": "",
    "facilities": "",
    "staff_competence": "",
    "internal_supervision": "",
    "staff_count": "",
    "service_guarantee": "",
    "security_guarantee": "",
    "performance_evaluation": "",
    "pledge": "",
}

# (standard, time limits in working days by stage, service hours). Only seed 002 gives working
# days that match a stage of the portal ("Waktu tindak lanjut maksimal 3 hari kerja"); the other
# seeds' working days (the whole service, or LAN's reports) have no stage here and stay in the
# time limit text. Complaints about a service without complaint time limits get the complaints
# app's defaults.
CATALOGUE_ENTRIES = [
    (PROFESSIONAL_CERTIFICATION, {"complaint_follow_up": 3}, []),
    (PROFESSIONALISM_INDEX, {}, SEED_003_HOURS),
    (LAN_ASSESSMENT, {}, []),
]


def fill(apps, schema_editor):
    Service = apps.get_model("portal", "Service")
    ServiceTimeLimit = apps.get_model("portal", "ServiceTimeLimit")
    ServiceHours = apps.get_model("portal", "ServiceHours")

    Service.objects.filter(slug=LIBRARIAN_EXAM).update(**LIBRARIAN_EXAM_STANDARD)

    for standard, limits, hours in CATALOGUE_ENTRIES:
        fields = dict(standard)
        slug = fields.pop("slug")
        service, _ = Service.objects.update_or_create(
            slug=slug, defaults={**fields, "is_active": True}
        )
        for stage, days in limits.items():
            ServiceTimeLimit.objects.update_or_create(
                service=service, stage=stage, defaults={"working_days": days}
            )
        for weekday, opens, closes, break_starts, break_ends in hours:
            ServiceHours.objects.update_or_create(
                service=service,
                weekday=weekday,
                defaults={
                    "opens": opens,
                    "closes": closes,
                    "break_starts": break_starts,
                    "break_ends": break_ends,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("portal", "0010_service_standard")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
