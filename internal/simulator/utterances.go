package simulator

// UtterancesZH are questions and chit-chat a theme-park or retail account
// gets in Chinese.
var UtterancesZH = []string{
	"门票多少钱", "门票多少钱？", "儿童票怎么买", "学生票有优惠吗", "年卡怎么办理",
	"营业时间", "今天几点开门", "晚上几点关门", "周末开放吗", "节假日营业时间",
	"停车场在哪里", "停车费多少", "坐地铁怎么去", "有班车吗",
	"有优惠券吗", "优惠券怎么用", "会员积分怎么查", "怎么退款", "订单查询",
	"快速通道怎么买", "今天排队多久", "有寄存柜吗", "可以带吃的进去吗", "宠物能进吗",
	"附近有酒店吗", "餐厅在哪里", "烟花几点开始", "花车巡游时间", "下雨还开放吗",
	"人工客服", "转人工", "投诉", "发票怎么开",
	"你好", "在吗", "谢谢", "好的", "哈哈哈", "早上好", "晚安", "😊", "？", "1",
}

// UtterancesEN are the same kinds of questions in English.
var UtterancesEN = []string{
	"how much is a ticket", "ticket price?", "opening hours", "what time do you close tonight",
	"where is the parking lot", "how much is parking", "do you have coupons", "how do I use my coupon",
	"is there a fast pass", "refund please", "how long is the queue today", "can I bring food",
	"hello", "hi", "thanks!", "ok", "talk to a human", "is the park open when it rains",
}

// Utterances are all sample utterances, Chinese first.
var Utterances = append(append([]string(nil), UtterancesZH...), UtterancesEN...)

// Place is a labelled location a follower may send.
type Place struct {
	Label    string
	Lat, Lng float64
}

// Places are Chinese place labels with their coordinates, as WeChat's
// location picker labels them.
var Places = []Place{
	{"上海市浦东新区川沙新镇黄赵路310号上海迪士尼乐园", 31.1434, 121.6580},
	{"北京市通州区环球度假区", 39.8566, 116.6806},
	{"广东省广州市番禺区长隆旅游度假区", 23.0040, 113.3291},
	{"上海市黄浦区南京东路步行街", 31.2379, 121.4787},
	{"北京市东城区王府井大街", 39.9149, 116.4108},
	{"广东省深圳市南山区欢乐谷", 22.5405, 113.9813},
	{"浙江省杭州市西湖区西湖风景名胜区", 30.2460, 120.1478},
	{"四川省成都市锦江区春熙路", 30.6570, 104.0817},
	{"上海市浦东新区陆家嘴环路1000号", 31.2397, 121.4998},
	{"江苏省南京市秦淮区夫子庙", 32.0209, 118.7887},
}
