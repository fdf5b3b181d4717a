package simulator_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportRule keeps the architecture's arrow honest: the simulator tests
// fanbase from outside, so it may import only the standard library, wechat
// and wxcrypto (simtest may add the simulator itself).
func TestImportRule(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	const mod = "github.com/fanbase/fanbase/"
	allowed := map[string]bool{
		mod + "internal/simulator":       true,
		mod + "internal/wechat":          true,
		mod + "internal/wechat/wxcrypto": true,
	}
	for _, pkg := range []string{"./", "./simtest"} {
		out, err := exec.Command("go", "list", "-deps", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			first, _, _ := strings.Cut(dep, "/")
			isStd := !strings.Contains(first, ".")
			if !isStd && !allowed[dep] && dep != mod+"internal/simulator/simtest" {
				t.Errorf("%s depends on %s; the simulator may import only the standard library, wechat and wxcrypto", pkg, dep)
			}
		}
	}
}
