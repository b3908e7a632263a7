from nonebot import get_driver
from liteyuki.comm import active_channel, passive_channel  # 子进程中获取通道直接导入进程全局单例即可
from liteyuki.log import logger

driver = get_driver()

# 被动模式，通过装饰器注册一个函数在接收到消息时运行，每次接收到字符串数据时都会运行
@passive_channel.on_receive(filter_func=lambda data: isinstance(data, str))
async def on_passive_receive(data):
    logger.info(f"Passive receive: {data}")

# 注册一个函数在NoneBot启动后运行
@driver.on_startup
def on_startup():
    while True:
        data = active_channel.receive()
        logger.info(f"Active receive: {data}")
