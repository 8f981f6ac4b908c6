package s3

//go:generate go run ../../../tools/awsgen -service s3 -out shapes_gen.go -pkg s3
