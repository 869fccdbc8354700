package bad.network

deny contains msg if {
	resp := http.send({"method": "GET", "url": "http://127.0.0.1:9/"})
	msg := sprintf("%v", [resp])
}
