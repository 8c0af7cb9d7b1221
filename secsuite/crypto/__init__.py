"""Commercial cryptography (商用密码) helpers: SM3 digests, SM4-GCM encryption, SM2 certificate
recognition and the names of algorithms units declare. The primitives come from ``cryptography``
(OpenSSL); nothing here implements a cipher itself."""
