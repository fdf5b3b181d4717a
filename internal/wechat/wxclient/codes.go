package wxclient

import "github.com/fanbase/fanbase/internal/errs"

// WeChat errcodes this product reacts to (protocol.md §8). Match on these,
// never on errmsg.
const (
	CodeSystemBusy            = -1
	CodeInvalidCredential     = 40001 // wrong AppSecret, or token invalid / not latest
	CodeInvalidOpenID         = 40003
	CodeInvalidMediaID        = 40007
	CodeInvalidAppID          = 40013
	CodeInvalidToken          = 40014
	CodeInvalidButtonName     = 40018
	CodeInvalidOpenIDList     = 40032
	CodeInvalidTemplateID     = 40037
	CodeInvalidAppSecret      = 40125
	CodeIPNotWhitelisted      = 40164
	CodeSecretFrozen          = 40243
	CodeTokenMissing          = 41001
	CodeTokenExpired          = 42001
	CodeRequireSubscribe      = 43004
	CodeBlacklisted           = 43019
	CodeUserRefused           = 43101
	CodeEmptyBody             = 44002
	CodeContentTooLong        = 45002
	CodeTooManyArticles       = 45008
	CodeDailyQuota            = 45009
	CodeTooManyMenus          = 45010
	CodeMinuteQuota           = 45011
	CodeOutOfWindow           = 45015
	CodeMassQuota             = 45028
	CodeKfQuota               = 45047
	CodeTooManyTags           = 45056
	CodeTagTooManyFans        = 45057
	CodeReservedTag           = 45058
	CodeFollowerTagLimit      = 45059
	CodeMenuMiniProgram       = 45064
	CodeMassDuplicate         = 45065
	CodeMassRetryTooFast      = 45066
	CodeMassClientMsgIDLength = 45067
	CodeAPIUnsupported        = 45103
	CodeDuplicateTagName      = 45157
	CodeTagNameTooLong        = 45158
	CodeInvalidTag            = 45159
	CodeNoMediaData           = 46001
	CodeNoMenu                = 46003
	CodeNoSuchUser            = 46004
	CodeParseError            = 47001
	CodeAPIUnauthorized       = 48001
	CodeAPIBanned             = 48004
	CodeMenuPrivacyFields     = 65320
)

type meaning struct {
	zh, en string
	app    errs.Code
}

var meanings = map[int]meaning{
	CodeSystemBusy:            {"系统繁忙，请稍后重试", "system busy, retry later", errs.Unavailable},
	CodeInvalidCredential:     {"AppSecret 错误或 access_token 无效/不是最新", "wrong AppSecret, or access_token invalid or not latest", errs.Unauthorized},
	CodeInvalidOpenID:         {"不合法的 OpenID（不是本公众号的粉丝）", "invalid openid (not a follower of this account)", errs.NotFound},
	CodeInvalidMediaID:        {"不合法的媒体文件 ID", "invalid media_id", errs.Invalid},
	CodeInvalidAppID:          {"不合法的 AppID", "invalid appid", errs.Unauthorized},
	CodeInvalidToken:          {"不合法的 access_token", "invalid access_token", errs.Unauthorized},
	CodeInvalidButtonName:     {"菜单按钮名称长度不合法", "invalid menu button name size", errs.Invalid},
	CodeInvalidOpenIDList:     {"OpenID 列表长度不合法", "invalid openid list size", errs.Invalid},
	CodeInvalidTemplateID:     {"不合法的模板 ID", "invalid template_id", errs.Invalid},
	CodeInvalidAppSecret:      {"不合法的 AppSecret", "invalid appsecret", errs.Unauthorized},
	CodeIPNotWhitelisted:      {"调用方 IP 不在白名单中", "caller IP not in whitelist", errs.Unauthorized},
	CodeSecretFrozen:          {"AppSecret 已被冻结", "AppSecret frozen", errs.Unauthorized},
	CodeTokenMissing:          {"缺少 access_token 参数", "access_token missing", errs.Unauthorized},
	CodeTokenExpired:          {"access_token 已过期", "access_token expired", errs.Unauthorized},
	CodeRequireSubscribe:      {"接收者需要关注公众号", "recipient must follow the account", errs.Forbidden},
	CodeBlacklisted:           {"接收者已被拉黑", "recipient is blacklisted", errs.Forbidden},
	CodeUserRefused:           {"用户拒绝接收消息", "user refused the message", errs.Forbidden},
	CodeEmptyBody:             {"POST 数据包为空", "empty POST body", errs.Invalid},
	CodeContentTooLong:        {"消息内容超过长度限制", "content too long", errs.Invalid},
	CodeTooManyArticles:       {"图文消息条数超过限制", "too many news articles", errs.Invalid},
	CodeDailyQuota:            {"接口调用超过每日限额", "daily API quota reached", errs.Unavailable},
	CodeTooManyMenus:          {"菜单数量超过限制", "too many menus", errs.Invalid},
	CodeMinuteQuota:           {"接口调用过于频繁（分钟限额）", "API minute quota reached", errs.Unavailable},
	CodeOutOfWindow:           {"超出客服消息回复时限或用户已取消关注", "outside the reply window, or the user unsubscribed", errs.Forbidden},
	CodeMassQuota:             {"群发次数已用完", "no mass-send quota left", errs.Forbidden},
	CodeKfQuota:               {"客服消息条数超过限制", "customer-service message count over limit", errs.Forbidden},
	CodeTooManyTags:           {"标签数量超过 100 个", "more than 100 tags", errs.Invalid},
	CodeTagTooManyFans:        {"该标签粉丝数超过 10 万，不能删除", "tag has more than 100k followers", errs.Invalid},
	CodeReservedTag:           {"不能修改系统保留标签", "reserved tag", errs.Invalid},
	CodeFollowerTagLimit:      {"粉丝的标签数已达 20 个上限", "a follower may hold at most 20 tags", errs.Invalid},
	CodeMenuMiniProgram:       {"菜单引用了未关联的小程序", "menu references an unlinked mini program", errs.Invalid},
	CodeMassDuplicate:         {"24 小时内 clientmsgid 重复", "duplicate mass-send clientmsgid (24 h)", errs.Conflict},
	CodeMassRetryTooFast:      {"群发重试过快（1 分钟内）", "mass send retried too fast (1 min)", errs.Unavailable},
	CodeMassClientMsgIDLength: {"clientmsgid 过长", "clientmsgid too long", errs.Invalid},
	CodeAPIUnsupported:        {"该接口已不再支持", "API no longer supported", errs.Internal},
	CodeDuplicateTagName:      {"标签名重复", "duplicate tag name", errs.Conflict},
	CodeTagNameTooLong:        {"标签名超过 30 个字节", "tag name longer than 30 bytes", errs.Invalid},
	CodeInvalidTag:            {"标签不存在", "no such tag", errs.NotFound},
	CodeNoMediaData:           {"媒体文件数据不存在", "no media data", errs.NotFound},
	CodeNoMenu:                {"菜单不存在", "no menu", errs.NotFound},
	CodeNoSuchUser:            {"用户不存在", "no such user", errs.NotFound},
	CodeParseError:            {"JSON/XML 解析错误", "JSON/XML parse error", errs.Invalid},
	CodeAPIUnauthorized:       {"该公众号没有此接口权限", "API not authorised for this account", errs.Forbidden},
	CodeAPIBanned:             {"接口已被封禁", "API banned for this account", errs.Forbidden},
	CodeMenuPrivacyFields:     {"个性化菜单使用了隐私字段", "conditional menu uses privacy fields", errs.Invalid},
}

// Describe gives operators the meaning of a WeChat errcode, Chinese first.
// Unknown codes get a generic text rather than an empty one.
func Describe(code int) (zh, en string) {
	if m, ok := meanings[code]; ok {
		return m.zh, m.en
	}
	if code >= 40016 && code <= 40027 {
		return "菜单按钮数量、名称、key 或 URL 长度不合法", "invalid menu button count, name, key or url size"
	}
	return "未知错误", "unknown error"
}

func appCode(code int) errs.Code {
	if m, ok := meanings[code]; ok {
		return m.app
	}
	if code >= 40016 && code <= 40027 {
		return errs.Invalid
	}
	return errs.Internal
}
