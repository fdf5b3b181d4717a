package wxcrypto

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"testing"
)

// vector is one entry of testdata/vectors.json (copied from
// shared/wechat/vectors.json): official and SDK test values, re-verified.
type vector struct {
	ID             string `json:"id"`
	Token          string `json:"token"`
	EncodingAESKey string `json:"encoding_aes_key"`
	AESKeyHex      string `json:"aes_key_hex"`
	AppID          string `json:"appid"`
	ReceiveID      string `json:"receive_id"` // WeCom: the CorpID takes the appid's place
	Random         string `json:"random"`
	Timestamp      string `json:"timestamp"`
	Nonce          string `json:"nonce"`
	Plaintext      string `json:"plaintext"`
	Encrypt        string `json:"encrypt"`
	MsgSignature   string `json:"msg_signature"`
	Signature3     string `json:"signature_3"`
	Signature      string `json:"signature"`
}

func loadVectors(tb testing.TB) map[string]vector {
	tb.Helper()
	raw, err := os.ReadFile("testdata/vectors.json")
	if err != nil {
		tb.Fatal(err)
	}
	var file struct{ Vectors []vector }
	if err := json.Unmarshal(raw, &file); err != nil {
		tb.Fatal(err)
	}
	out := map[string]vector{}
	for _, v := range file.Vectors {
		out[v.ID] = v
	}
	return out
}

// TestVectors runs every check a vector has data for: key decoding, exact
// encryption with the vector's random prefix, decryption with the trailing
// id, msg_signature, and the 3-value URL signature.
func TestVectors(t *testing.T) {
	vs := loadVectors(t)
	for _, id := range []string{"V1-official-mp-sample", "V1b-official-mp-sample-xml", "V2-chanxuehong",
		"V4-wecom-official-verifyurl", "V5-powerwechat-inbound", "V5-powerwechat-verifyurl", "V6-plain-signature"} {
		v, ok := vs[id]
		if !ok {
			t.Fatalf("vector %s missing from testdata/vectors.json", id)
		}
		t.Run(id, func(t *testing.T) {
			if v.EncodingAESKey != "" {
				checkVectorCrypto(t, v)
			}
			checkVectorSignatures(t, v)
		})
	}
}

func checkVectorCrypto(t *testing.T, v vector) {
	id := v.AppID + v.ReceiveID
	c, err := NewCipher(v.EncodingAESKey, id)
	if err != nil {
		t.Fatal(err)
	}
	if v.AESKeyHex != "" {
		if got := hex.EncodeToString(c.key); got != v.AESKeyHex {
			t.Errorf("AES key = %s, want %s", got, v.AESKeyHex)
		}
	}
	msg, gotID, err := c.Open(v.Encrypt)
	if err != nil || string(msg) != v.Plaintext || gotID != id {
		t.Fatalf("Open = %q, %q, %v; want %q, %q", msg, gotID, err, v.Plaintext, id)
	}
	if plain, err := c.Decrypt(v.Encrypt); err != nil || string(plain) != v.Plaintext {
		t.Errorf("Decrypt = %q, %v", plain, err)
	}
	if v.Random != "" {
		enc, err := c.EncryptWithRandom([]byte(v.Random), []byte(v.Plaintext))
		if err != nil || enc != v.Encrypt {
			t.Errorf("EncryptWithRandom =\n%s (%v)\nwant\n%s", enc, err, v.Encrypt)
		}
	}
}

func checkVectorSignatures(t *testing.T, v vector) {
	if v.MsgSignature != "" {
		if got := Sign(v.Token, v.Timestamp, v.Nonce, v.Encrypt); got != v.MsgSignature {
			t.Errorf("msg_signature = %s, want %s", got, v.MsgSignature)
		}
		if !Verify(v.MsgSignature, v.Token, v.Timestamp, v.Nonce, v.Encrypt) {
			t.Error("Verify refused the vector's msg_signature")
		}
	}
	for _, sig := range []string{v.Signature3, v.Signature} {
		if sig == "" {
			continue
		}
		if got := Sign(v.Token, v.Timestamp, v.Nonce); got != sig {
			t.Errorf("signature = %s, want %s", got, sig)
		}
		if !Verify(sig, v.Token, v.Timestamp, v.Nonce) {
			t.Error("Verify refused the vector's signature")
		}
	}
}

// The official example of the plaintext-mode doc, spelled out.
func TestSignOfficialExample(t *testing.T) {
	const want = "899cf89e464efb63f54ddac96b0a0a235f53aa78"
	if got := Sign("AAAAA", "1714037059", "486452656"); got != want {
		t.Errorf("Sign = %s, want %s", got, want)
	}
	if got := Sign("486452656", "AAAAA", "1714037059"); got != want {
		t.Errorf("Sign depends on argument order: %s", got)
	}
}

func TestV1KeyHex(t *testing.T) {
	key, err := DecodeKey("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")
	want, _ := hex.DecodeString("69b71d79f8218a39259a7a29aabb2dbafc31cb3d35db7e39ebbf3d0010831051")
	if err != nil || !bytes.Equal(key, want) {
		t.Errorf("DecodeKey = %x, %v; want %x", key, err, want)
	}
}

// WeCom vectors carry a CorpID where an Official Account has its appid:
// Decrypt with the account's appid must refuse them.
func TestWeComIDIsChecked(t *testing.T) {
	v := loadVectors(t)["V5-powerwechat-inbound"]
	c, err := NewCipher(v.EncodingAESKey, "wx0000000000000000")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Decrypt(v.Encrypt); !errors.Is(err, ErrAppID) {
		t.Errorf("Decrypt with another appid = %v, want ErrAppID", err)
	}
}
