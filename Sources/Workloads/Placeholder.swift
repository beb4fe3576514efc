import TaskTrace
