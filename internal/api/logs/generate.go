package logs

//go:generate go run ../../../tools/awsgen -service logs -out shapes_gen.go -pkg logs
