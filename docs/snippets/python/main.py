import asyncio
from liteyuki.comm import get_channel, Channel
from liteyuki import get_bot

# get_channel函数获取通道对象，参数为调用set_channel时的通道标识
channel_passive = get_channel("nonebot-passive")  # 获取被动通道
channel_active = get_channel("nonebot-active")  # 获取主动通道
liteyuki_bot = get_bot()

# 注册一个函数在轻雪启动后运行
@liteyuki_bot.on_after_start
async def send_data():
    while True:
        channel_passive.send("I am liteyuki main process passive")
        channel_active.send("I am liteyuki main process active")
        await asyncio.sleep(3)  # 每3秒发送一次消息
