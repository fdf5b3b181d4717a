package wxsync

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

func TestProfile(t *testing.T) {
	tests := []struct {
		name string
		in   wxclient.UserInfo
		want audience.SyncProfile
	}{
		{"string scene", wxclient.UserInfo{Subscribe: 1, OpenID: "o1", Language: "zh_CN", SubscribeTime: 1682899200,
			UnionID: "u1", Remark: "老客户", TagIDList: []int{2}, SubscribeScene: "ADD_SCENE_QR_CODE", QRScene: 5, QRSceneStr: "门店A"},
			audience.SyncProfile{OpenID: "o1", Subscribed: true, Language: "zh_CN", UnionID: "u1", Remark: "老客户",
				SubscribedAt: time.Unix(1682899200, 0).UTC(), SubscribeScene: "ADD_SCENE_QR_CODE", QRScene: "门店A", TagIDs: []int{2}}},
		{"numeric scene", wxclient.UserInfo{Subscribe: 1, OpenID: "o2", QRScene: 98765},
			audience.SyncProfile{OpenID: "o2", Subscribed: true, QRScene: "98765"}},
		{"gone", wxclient.UserInfo{OpenID: "o3"}, audience.SyncProfile{OpenID: "o3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Profile(&tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestQuota(t *testing.T) {
	tests := []struct {
		code       int
		quota, day bool
	}{{wxclient.CodeDailyQuota, true, true}, {wxclient.CodeMinuteQuota, true, false}, {wxclient.CodeSystemBusy, false, false}}
	for _, tt := range tests {
		err := quota(&wxclient.Error{Code: tt.code, Path: "/cgi-bin/user/get"})
		var qe *audience.QuotaError
		if errors.As(err, &qe) != tt.quota || (tt.quota && qe.Daily != tt.day) || !wxclient.IsCode(err, tt.code) {
			t.Errorf("code %d: %v", tt.code, err)
		}
	}
}
